import type { CheckResult } from '../domain/checks';
import type { ApiCallCount, EndpointChanges, EndpointSpec, Plan } from '../domain/model';
import type { RouteRepair } from '../domain/routes';
import type { SecurityGroupRule } from '../domain/model';
import type { ExecutionInput } from '../domain/execution-input';

/** The payloads each state of statemachine/provision.asl.json passes and returns. */

export interface PlanStepInput {
  input: unknown;
  executionId: string;
}

export interface MutationItem {
  action: 'create' | 'modify';
  spec: EndpointSpec;
  endpointId?: string;
  changes?: EndpointChanges;
}

export interface PlanStepResult {
  input: ExecutionInput;
  executionId: string;
  vpcId: string;
  region: string;
  accountId: string;
  mode: 'apply' | 'plan';
  noop: boolean;
  plan: Plan;
  mutations: MutationItem[];
  deletionIds: string[];
  probeRequested: boolean;
  securityGroupNeeded: boolean;
  cleanupSecurityGroup: boolean;
  startedAt: string;
  apiCalls: ApiCallCount;
}

export interface SecurityGroupStepResult {
  groupId: string | null;
  created: boolean;
  addedCidrs: string[];
  removedRules: SecurityGroupRule[];
  apiCalls: ApiCallCount;
}

export interface EndpointStepInput {
  item: MutationItem;
  vpcId: string;
  securityGroupId: string | null;
  executionId: string;
}

export interface EndpointStepResult {
  service: string;
  endpointId: string;
  action: 'created' | 'modified';
  apiCalls: ApiCallCount;
}

export interface WaitStepInput {
  vpcId: string;
  executionId: string;
  deletionIds: string[];
  previous: { attempt: number; apiCalls: ApiCallCount };
}

export interface WaitStepResult {
  status: 'ready' | 'waiting';
  attempt: number;
  waitingFor: string[];
  apiCalls: ApiCallCount;
}

export interface DeleteStepResult {
  deleted: string[];
  apiCalls: ApiCallCount;
}

export interface RoutesStepResult {
  repairs: RouteRepair[];
  apiCalls: ApiCallCount;
}

export interface ServiceCheck {
  service: string;
  serviceName: string;
  type: string;
  endpointId?: string;
  state: string;
  subnetIds?: string[];
  routeTableIds?: string[];
  securityGroupIds?: string[];
  checks: CheckResult[];
}

export interface ChecksStepResult {
  services: ServiceCheck[];
  probe: { action: 'run' | 'remove' | 'skip'; reason: string };
  apiCalls: ApiCallCount;
}

export interface FailureInfo {
  Error: string;
  Cause: string;
}
