// Machine output: what `--json` prints on stdout. One document per command, or per query at the prompt.

/** Where JSON goes. */
interface Out {
  write(chunk: string): unknown;
}

/** Prints `value` as one indented JSON document (a one-shot command's whole answer). */
export function printJson(out: { stdout: Out }, value: unknown): void {
  out.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints `value` as one JSON line (a stream of documents: one per query at the prompt, one per progress event). */
export function printJsonLine(out: Out, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}
