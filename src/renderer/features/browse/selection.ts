import { useCallback, useState } from 'react';

/** Selected image ids plus the anchor index that shift-click and shift-arrows extend from. */
export interface Selection {
  ids: ReadonlySet<number>;
  anchor: number;
}

export function useSelection(initial: Selection = { ids: new Set(), anchor: -1 }) {
  const [selection, setSelection] = useState<Selection>(initial);
  const only = useCallback((id: number, index: number) => setSelection({ ids: new Set([id]), anchor: index }), []);
  const toggle = useCallback(
    (id: number, index: number) =>
      setSelection((s) => {
        const ids = new Set(s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { ids, anchor: index };
      }),
    [],
  );
  const replace = useCallback((ids: Iterable<number>, anchor?: number) => setSelection((s) => ({ ids: new Set(ids), anchor: anchor ?? s.anchor })), []);
  const clear = useCallback(() => setSelection({ ids: new Set(), anchor: -1 }), []);
  return { selection, only, toggle, replace, clear };
}
