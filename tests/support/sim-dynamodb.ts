import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type GetItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/**
 * An in-memory DynamoDB table for the workflow layer: GetItem and UpdateItem with the expression
 * grammar DynamoDB documents, in the subset any caller may use here — SET with `=`, `if_not_exists()`
 * and `+`; REMOVE; conditions of `attribute_not_exists()`, `=` and the number comparisons `<`, `<=`, `>`,
 * `>=` joined by AND / OR (AND binds first); a comparison with a missing attribute is false, as in DynamoDB.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 * The real service is exercised against moto in the integration suite.
 */
export class SimDynamo {
  readonly tables = new Map<string, Map<string, Item>>();
  /** Runs before each UpdateItem reaches the table: lets a test put another writer between two calls. */
  beforeUpdate?: (input: UpdateItemCommandInput) => Promise<void>;
  /** Runs before each GetItem reads the table: another writer between a failed condition and the read after it. */
  beforeGet?: (input: GetItemCommandInput) => Promise<void>;

  table(name: string): Map<string, Item> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }

  get(input: GetItemCommandInput) {
    const item = this.table(input.TableName ?? '').get(keyOf(input.Key ?? {}));
    return { Item: item ? structuredClone(item) : undefined };
  }

  update(input: UpdateItemCommandInput) {
    const table = this.table(input.TableName ?? '');
    const key = keyOf(input.Key ?? {});
    const old = table.get(key);
    const values = input.ExpressionAttributeValues ?? {};
    if (input.ConditionExpression && !evaluate(input.ConditionExpression, old ?? {}, values)) {
      throw new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' });
    }
    const next: Item = structuredClone(old ?? { ...(input.Key ?? {}) });
    applyUpdate(input.UpdateExpression ?? '', next, values);
    table.set(key, next);
    if (input.ReturnValues === 'ALL_NEW') return { Attributes: structuredClone(next) };
    if (input.ReturnValues === 'ALL_OLD') return { Attributes: old ? structuredClone(old) : undefined };
    return {};
  }
}

const keyOf = (key: Item) => JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)));

function operand(token: string, item: Item, values: Item): AttributeValue | undefined {
  const t = token.trim();
  if (t.startsWith(':')) {
    const v = values[t];
    if (!v) throw new Error(`ExpressionAttributeValues lacks ${t}`);
    return v;
  }
  const ifNotExists = /^if_not_exists\(\s*(\w+)\s*,\s*(:\w+)\s*\)$/.exec(t);
  if (ifNotExists) return item[ifNotExists[1] ?? ''] ?? operand(ifNotExists[2] ?? '', item, values);
  return item[t];
}

function applyUpdate(expression: string, item: Item, values: Item): void {
  const clauses = expression
    .split(/\b(SET|REMOVE)\b/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = 0; i < clauses.length; i += 2) {
    const [verb, body = ''] = [clauses[i], clauses[i + 1]];
    const parts = body
      .split(/,(?![^(]*\))/)
      .map((p) => p.trim())
      .filter(Boolean);
    for (const part of parts) {
      if (verb === 'REMOVE') {
        delete item[part];
        continue;
      }
      const [name = '', rhs = ''] = part.split(/=(.*)/s).map((s) => s.trim());
      const sum = /^(.+?)\s*\+\s*(.+)$/.exec(rhs);
      if (sum) {
        const a = Number(operand(sum[1] ?? '', item, values)?.N ?? NaN);
        const b = Number(operand(sum[2] ?? '', item, values)?.N ?? NaN);
        if (Number.isNaN(a + b)) throw new Error(`cannot add in "${part}": an operand is missing`);
        item[name] = { N: String(a + b) };
      } else {
        const value = operand(rhs, item, values);
        if (value) item[name] = value;
      }
    }
  }
}

function evaluate(expression: string, item: Item, values: Item): boolean {
  return expression.split(/\bOR\b/).some((disjunct) =>
    disjunct.split(/\bAND\b/).every((term) => {
      const t = term.trim();
      const notExists = /^attribute_not_exists\(\s*(\w+)\s*\)$/.exec(t);
      if (notExists) return item[notExists[1] ?? ''] === undefined;
      const unequal = /^(.+?)\s*<>\s*(.+)$/.exec(t);
      if (unequal)
        return (
          JSON.stringify(operand(unequal[1] ?? '', item, values)) !==
          JSON.stringify(operand(unequal[2] ?? '', item, values))
        );
      const comparison = /^(.+?)\s*(<=|>=|<|>)\s*(.+)$/.exec(t);
      if (comparison) return compare(comparison, item, values);
      const [left = '', right = ''] = t.split('=').map((s) => s.trim());
      return JSON.stringify(operand(left, item, values)) === JSON.stringify(operand(right, item, values));
    }),
  );
}

function compare([, left = '', op, right = '']: RegExpExecArray, item: Item, values: Item): boolean {
  const a = operand(left, item, values)?.N;
  const b = operand(right, item, values)?.N;
  if (a === undefined || b === undefined) return false;
  const [x, y] = [Number(a), Number(b)];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

export function installSimDynamo(
  sim: SimDynamo,
  mock: AwsClientStub<DynamoDBClient> = mockClient(DynamoDBClient),
) {
  mock.reset();
  mock.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => {
    await sim.beforeGet?.(input);
    return sim.get(input);
  });
  mock.on(UpdateItemCommand).callsFake(async (input: UpdateItemCommandInput) => {
    await sim.beforeUpdate?.(input);
    return sim.update(input);
  });
  mock.on(DescribeTableCommand).callsFake(async (input: { TableName?: string }) => ({
    Table: { TableName: input.TableName, TableStatus: 'ACTIVE' },
  }));
  return mock;
}
