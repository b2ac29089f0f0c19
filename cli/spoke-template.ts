import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';
import { EXIT, type CommandEnv } from './context';

/** Where the spoke template lives, from the sources (cli/) and from the bundle (dist/) alike. */
export const SPOKE_TEMPLATE = join(__dirname, '../spoke/spoke.yaml');

/**
 * `spoke-template`: the CloudFormation template each member account deploys (README, "Hub and spokes"),
 * on stdout, for `> spoke.yaml` or a StackSet: the YAML file as it is, or with --output json the same
 * template in CloudFormation's JSON form (short forms such as !Sub written out as Fn::Sub).
 */
export function spokeTemplateCommand(env: CommandEnv): number {
  if (env.output.format === 'table' || env.output.format === 'yaml')
    env.io.out(readFileSync(SPOKE_TEMPLATE, 'utf8').trimEnd());
  else env.output.print(spokeTemplate());
  return EXIT.ok;
}

/** The spoke template as CloudFormation's JSON form reads it. */
export function spokeTemplate(): Record<string, unknown> {
  return parse(readFileSync(SPOKE_TEMPLATE, 'utf8'), { customTags: CLOUDFORMATION_SHORT_FORMS }) as Record<
    string,
    unknown
  >;
}

/** CloudFormation's intrinsic functions that YAML templates may write in short form (`!Ref`, `!Sub`, …). */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'And',
  'Select',
  'Split',
  'Sub',
  'Transform',
];

/** `!Ref x` is `{"Ref": x}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, any other `!F x` is `{"Fn::F": x}`. */
const longForm = (name: string) => (value: unknown) => {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
};

const CLOUDFORMATION_SHORT_FORMS: Tags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => longForm(name)(value) },
  {
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (value: { toJSON(): unknown }) => longForm(name)(value.toJSON()),
  },
  {
    tag: `!${name}`,
    collection: 'map' as const,
    resolve: (value: { toJSON(): unknown }) => longForm(name)(value.toJSON()),
  },
]);
