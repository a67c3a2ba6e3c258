// Which step trains which loss: ns and hs run word2vec's sequential SGD (logistic-step.ts, SIMD WebAssembly or
// plain JS); the full softmax runs a TF.js batch gradient (softmax-step.ts). The softmax step is imported on
// demand, so a ns / hs thread never loads TF.js.
import { createLogisticStep, type Step } from './logistic-step.ts';
import type { StepConfig } from './types.ts';

export type { Step } from './logistic-step.ts';

/**
 * The step for `config` over `dim`-dimensional tables. For the full softmax, TF.js must be initialised in this
 * thread first (src/tf/backend.ts initBackend).
 */
export async function createStep(config: StepConfig, dim: number): Promise<Step> {
  if (config.loss !== 'softmax') return createLogisticStep(config, dim);
  const { createSoftmaxStep } = await import('./softmax-step.ts');
  return createSoftmaxStep(config, dim);
}

/** Whether a loss needs TF.js (only the full softmax does). */
export function needsTfjs(loss: StepConfig['loss']): boolean {
  return loss === 'softmax';
}
