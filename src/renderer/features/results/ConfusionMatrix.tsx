import { useLayoutEffect, useRef, useState } from 'react';
import { cellColor, cellInk, confusionLayout, fitMatrix } from './confusion-layout';

interface Props {
  confusion: number[][];
  labels: { id: number; name: string }[];
  active: { trueId: number; predId: number } | null;
  onCell(trueId: number, predId: number): void;
  /** The zoomed view: names and counts at a readable size, scrolling when it must. */
  zoomed?: boolean;
}

/**
 * confusion[true][predicted] as a grid of buttons: colour = share of the true row (green on the
 * diagonal, red off it); a click shows that cell's images in the gallery. It fits the width it
 * gets: named cells with counts when they fit, else a compact heatmap (see fitMatrix).
 */
export function ConfusionMatrix({ confusion, labels, active, onCell, zoomed = false }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(400);
  useLayoutEffect(() => {
    const el = box.current!;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const longest = Math.max(1, ...labels.map((l) => l.name.length));
  const fit = fitMatrix(labels.length, width, longest, zoomed ? 22 : 0);
  const layout = confusionLayout(confusion);
  const { cell, names } = fit;
  const columns = names ? `${fit.labelColumn}px repeat(${labels.length}, ${cell}px) ${fit.totalColumn}px` : `repeat(${labels.length}, ${cell}px)`;
  return (
    <div
      ref={box}
      className={`confusion${names ? '' : ' compact'}`}
      role="table"
      aria-label={`Confusion matrix: ${layout.total} test images, rows true label, columns predicted label`}
      data-total={layout.total}
      data-fit={names ? 'named' : 'compact'}
    >
      <div className="confusion-axis-x muted small" aria-hidden="true" style={{ paddingLeft: fit.labelColumn }}>
        predicted →{names ? '' : ' (rows: true label; hover a cell for names)'}
      </div>
      <div className="confusion-grid" style={{ gridTemplateColumns: columns, gap: fit.gap }}>
        <div role="row" className="contents">
          {names && (
            <span className="confusion-corner muted small" role="columnheader">
              true ↓
            </span>
          )}
          {labels.map((l) =>
            names ? (
              <span key={l.id} role="columnheader" className="confusion-col" title={l.name} style={{ height: Math.min(90, 14 + 7 * longest) }}>
                <span>{l.name}</span>
              </span>
            ) : (
              <span key={l.id} role="columnheader" className="visually-hidden">
                {l.name}
              </span>
            ),
          )}
          {names && (
            <span role="columnheader" className="confusion-col total-head">
              <span>total</span>
            </span>
          )}
        </div>
        {layout.cells.map((row, t) => (
          <div role="row" className="contents" key={labels[t]!.id}>
            <span role="rowheader" className={names ? 'confusion-row' : 'visually-hidden'} title={labels[t]!.name}>
              {labels[t]!.name}
            </span>
            {row.map((c) => {
              const trueId = labels[c.t]!.id;
              const predId = labels[c.p]!.id;
              const isActive = active?.trueId === trueId && active.predId === predId;
              const text = `true ${labels[c.t]!.name}, predicted ${labels[c.p]!.name}: ${c.count} image${c.count === 1 ? '' : 's'}`;
              return (
                <span role="cell" key={c.p}>
                  <button
                    type="button"
                    className={`confusion-cell ink-${cellInk(c)}${isActive ? ' active' : ''}${c.diagonal ? ' diagonal' : ''}`}
                    style={{ width: cell, height: cell, background: c.count === 0 && !names ? undefined : cellColor(c) }}
                    aria-label={text}
                    title={names ? undefined : text}
                    aria-pressed={isActive}
                    data-count={c.count}
                    disabled={c.count === 0}
                    onClick={() => onCell(trueId, predId)}
                  >
                    {fit.counts && (c.count > 0 || labels.length <= 12) ? c.count : null}
                  </button>
                </span>
              );
            })}
            {names && (
              <span role="cell" className="confusion-total mono muted">
                {layout.rowTotals[t]}
              </span>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
