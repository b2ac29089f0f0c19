import { RegionCatalogues } from '../../lib/aws/catalogues';

const containers: RegionCatalogues[] = [];

/** A function's own catalogues, kept while its container is warm (each function is its own container on Lambda). */
export function containerCatalogues(): RegionCatalogues {
  const catalogues = new RegionCatalogues();
  containers.push(catalogues);
  return catalogues;
}

/**
 * An emulator world replaced by another in this process (the CLI's local runs against a new moto, the
 * tests' simulated accounts): every function's container starts cold, as for a fresh account.
 */
export function forgetContainerCatalogues(): void {
  for (const catalogues of containers) catalogues.forget();
}
