// KeyedVectors <-> TensorFlow.js tensors. Kept out of vectors/ on purpose: KeyedVectors and every query stay
// TF-free, so a program that only queries vectors never loads TensorFlow.js; these two functions are the
// bridge for programs that feed the vectors into their own TF.js models.
import { tf } from './backend.ts';
import { KeyedVectors } from '../vectors/keyed-vectors.ts';

/**
 * The vectors as a `[words, dim]` float32 tensor (a copy; the caller disposes it).
 * @example
 * const matrix = toTensor(kv);            // tf.Tensor2D [kv.size, kv.dim]
 * const scores = tf.matMul(matrix, query, false, true);
 * matrix.dispose();
 */
export function toTensor(kv: KeyedVectors): tf.Tensor2D {
  return tf.tensor2d(kv.vectors, [kv.size, kv.dim], 'float32');
}

/**
 * KeyedVectors from a `[words.length, dim]` tensor (its values are copied; the tensor is left to the caller).
 * Async because reading a GPU tensor back is asynchronous in TF.js.
 * @example const kv = await fromTensor(['cat', 'dog'], tf.tensor2d([[1, 0], [0.9, 0.1]]));
 */
export async function fromTensor(words: readonly string[], tensor: tf.Tensor, counts?: ArrayLike<number>): Promise<KeyedVectors> {
  if (tensor.rank !== 2) throw new RangeError(`expected a 2-D tensor [words, dim], got shape [${tensor.shape.join(', ')}]`);
  const [rows, dim] = tensor.shape as [number, number];
  if (rows !== words.length) throw new RangeError(`the tensor has ${rows} rows but ${words.length} words were given`);
  // data() of a float32 tensor may be a view TF.js keeps using; copy so KeyedVectors owns its matrix
  const values = tensor.dtype === 'float32' ? Float32Array.from((await tensor.data()) as Float32Array) : Float32Array.from(await tensor.data());
  return new KeyedVectors(words, values, dim, counts);
}
