// Runs sentences through a SentenceTrainer a budget of examples at a time, as the training loop does.
import type { SentenceTrainer } from '../../src/train/sentence-trainer.ts';

/** Every sentence in `budget`-example calls at `lr`, then the trainer's flush; returns the loss sum and examples. */
export function drive(trainer: SentenceTrainer, data: Int32Array[], budget: number, lr: number): { loss: number; examples: number } {
  let loss = 0;
  let examples = 0;
  for (const s of data) {
    trainer.setSentence(s);
    while (trainer.hasSentence) {
      const r = trainer.train(lr, budget);
      loss += r.lossSum;
      examples += r.examples;
    }
  }
  const rest = trainer.flush(lr);
  return { loss: loss + rest.lossSum, examples: examples + rest.examples };
}
