/** Downloads a Lambda code package from the presigned URL GetFunction returns. */
export async function fetchCodePackage(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`downloading the probe's code package failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
