/** The SDK's job types, re-exported so that workers import them from one place. */
export type {
  ZeebeJob,
  JOB_ACTION_ACKNOWLEDGEMENT,
  MustReturnJobActionAcknowledgement,
  IInputVariables,
  ICustomHeaders,
  IOutputVariables,
} from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
