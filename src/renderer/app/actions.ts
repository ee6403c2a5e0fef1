import { useCallback, useRef } from 'react';

/**
 * A user action is one object: its name, its shortcut(s), when it applies and what it does
 * (excalidraw's actions). Screens list their actions and hand key events to `runActionForKey`
 * instead of growing a branch per key in a handler; the same objects label buttons and the
 * shortcut help, and each action is tested on its own.
 */
export interface Action<C> {
  /** Stable id, e.g. 'review.accept'. */
  name: string;
  /** What a button or the shortcut list says. */
  label: string;
  /** Chords like 'a', 'Enter', 'ArrowRight', 'Mod+Z', 'Shift+Mod+Z' ('Mod' = Ctrl or ⌘). */
  keys?: readonly string[];
  /** For keys a chord list cannot say (digits bound to labels, type-ahead letters). */
  keyTest?(event: KeyLike, ctx: C): boolean;
  /** The shortcut as the help list shows it when `keys` cannot say it ("1–9"); null hides it. */
  hint?(ctx: C): string | null;
  /** Whether the action applies now (a disabled action neither runs nor swallows its key). */
  enabled?(ctx: C): boolean;
  perform(ctx: C, event?: KeyLike): void | Promise<unknown>;
}

/** The part of a KeyboardEvent an action looks at (plain objects in tests). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Chord {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export function parseChord(chord: string): Chord {
  // The last '+' separates the key, so 'Mod++' is Mod and '+'.
  const parts = chord.endsWith('+') ? [...chord.slice(0, -1).split('+').filter(Boolean), '+'] : chord.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { key, mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
}

/**
 * Whether a key event is this chord. Letters compare case-insensitively and Shift must match;
 * for other single characters ('?', '1') Shift is part of producing the character and is ignored.
 */
export function chordMatches(chord: string, e: KeyLike): boolean {
  const c = parseChord(chord);
  const letter = /^[a-z]$/i.test(c.key);
  const keyEqual = letter || c.key.length > 1 ? e.key.toLowerCase() === c.key.toLowerCase() : e.key === c.key;
  if (!keyEqual) return false;
  if (c.mod !== (e.ctrlKey || e.metaKey) || c.alt !== e.altKey) return false;
  if (c.key.length === 1 && !letter) return true;
  return c.shift === e.shiftKey;
}

export function actionMatchesKey<C>(action: Action<C>, e: KeyLike, ctx: C): boolean {
  return (action.keys ?? []).some((k) => chordMatches(k, e)) || !!action.keyTest?.(e, ctx);
}

/** The first enabled action bound to this key, if any. */
export function actionForKey<C>(actions: readonly Action<C>[], e: KeyLike, ctx: C): Action<C> | undefined {
  return actions.find((a) => (a.enabled?.(ctx) ?? true) && actionMatchesKey(a, e, ctx));
}

/** The action of a list with this name (for buttons that show an action of a screen's list). */
export function actionNamed<C>(actions: readonly Action<C>[], name: string): Action<C> {
  const action = actions.find((a) => a.name === name);
  if (!action) throw new Error(`No action named ${name}`);
  return action;
}

/** Runs the action bound to a key; true when one ran (the caller then prevents the default). */
export function runActionForKey<C>(actions: readonly Action<C>[], e: KeyLike, ctx: C): boolean {
  const action = actionForKey(actions, e, ctx);
  if (!action) return false;
  void action.perform(ctx, e);
  return true;
}

/** One line of a screen's shortcut list. */
export interface ShortcutHint {
  name: string;
  label: string;
  shortcut: string;
}

/** The shortcuts of the enabled actions, for the on-screen list: `hint` if given, else the first chord. */
export function shortcutHints<C>(actions: readonly Action<C>[], ctx: C, mac = isMac()): ShortcutHint[] {
  const out: ShortcutHint[] = [];
  for (const a of actions) {
    if (!(a.enabled?.(ctx) ?? true)) continue;
    const shortcut = a.hint ? a.hint(ctx) : a.keys?.[0] ? shortcutText(a.keys[0], mac) : null;
    if (shortcut) out.push({ name: a.name, label: a.label, shortcut });
  }
  return out;
}

/** 'Shift+Mod+Z' → 'Shift+Ctrl+Z' (or '⇧⌘Z' on a Mac) for buttons and the shortcut list. */
export function shortcutText(chord: string, mac = isMac()): string {
  const c = parseChord(chord);
  const names: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc', ' ': 'Space' };
  const key = names[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  if (mac) return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [c.shift && 'Shift', c.mod && 'Ctrl', c.alt && 'Alt', key].filter(Boolean).join('+');
}

function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform ?? '');
}

/** Whether a key event comes from a text field (shortcuts then leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || !!el.isContentEditable);
}

/**
 * A keydown handler that runs the screen's actions with the current context. The handler is
 * stable; actions and context are read fresh on every key, so they may be rebuilt each render.
 */
export function useActionKeys<C>(actions: readonly Action<C>[], ctx: C): (e: React.KeyboardEvent | KeyboardEvent) => void {
  const latest = useRef({ actions, ctx });
  latest.current = { actions, ctx };
  return useCallback((e: React.KeyboardEvent | KeyboardEvent) => {
    if (isTyping(e.target)) return;
    if (runActionForKey(latest.current.actions, e, latest.current.ctx)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, []);
}
