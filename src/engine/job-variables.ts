import type { IOutputVariables } from './zeebe.types';

/**
 * Process variables from a plain object: the SDK types variables as JSON, which TypeScript cannot see
 * in interfaces; the object is passed through JSON, so undefined fields are dropped and Dates become ISO
 * strings, exactly as the engine would store them.
 */
export function toVariables(values: object): IOutputVariables {
  return JSON.parse(JSON.stringify(values)) as IOutputVariables;
}
