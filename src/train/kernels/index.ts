// Which kernel serves which loss: ns and hs are both binary logistic over gathered rows; softmax is dense.
import type { Loss } from '../../options.ts';

export { type ActiveBackend, activeBackend, type BackendHooks, initBackend, tf } from './backend.ts';
export { type LogisticFormulation, type LogisticOutput, logisticKernel } from './logistic.ts';
export { type SoftmaxOutput, softmaxKernel } from './softmax.ts';

/** The kernel family a loss uses. */
export function kernelFor(loss: Loss): 'logistic' | 'softmax' {
  return loss === 'softmax' ? 'softmax' : 'logistic';
}
