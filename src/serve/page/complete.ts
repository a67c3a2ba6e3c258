// Prefix completion under word inputs, asked of /api/complete (the vocabulary stays on the server). In an
// expression input only the word being typed (after the last space or sign) is completed.
import { api } from './api.ts';
import { el } from './dom.ts';

/** Attaches completion to `input`. */
export function attachCompletion(input: HTMLInputElement): void {
  const expression = input.classList.contains('expression');
  const list = el('ul', { class: 'completions', role: 'listbox' });
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  let selected = -1;
  let words: string[] = [];
  let controller: AbortController | undefined;
  let timer: number | undefined;

  const lastTerm = (): { head: string; term: string } => {
    if (!expression) return { head: '', term: input.value.trimStart() };
    const match = /^(.*?[\s+-]?)([^\s+-]*)$/.exec(input.value);
    return { head: match?.[1] ?? '', term: match?.[2] ?? '' };
  };
  const close = (): void => {
    list.hidden = true;
    selected = -1;
  };
  const render = (): void => {
    list.replaceChildren(...words.map((w, i) => el('li', { role: 'option', class: i === selected ? 'selected' : '', 'data-word': w }, w)));
    list.hidden = words.length === 0;
  };
  const choose = (word: string): void => {
    const { head } = lastTerm();
    input.value = expression ? `${head}${word}` : word;
    close();
    input.dispatchEvent(new Event('change'));
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const { term } = lastTerm();
    if (term === '') {
      close();
      return;
    }
    timer = window.setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const answer = await api<{ words: string[] }>('complete', { q: term, k: '8' }, controller.signal);
        words = answer.words.filter((w) => w !== term || answer.words.length > 1);
        selected = -1;
        if (document.activeElement === input) render();
      } catch {
        // a superseded or failed completion simply shows nothing
      }
    }, 60);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      selected = (selected + (event.key === 'ArrowDown' ? 1 : -1) + words.length) % words.length;
      render();
    } else if (event.key === 'Enter' && selected >= 0) {
      event.preventDefault();
      choose(words[selected]!);
    } else if (event.key === 'Escape') close();
  });
  list.addEventListener('mousedown', (event) => {
    const word = (event.target as HTMLElement).closest('li')?.getAttribute('data-word');
    if (word != null) {
      event.preventDefault();
      choose(word);
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));
}
