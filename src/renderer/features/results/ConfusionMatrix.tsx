import { useLayoutEffect, useRef, useState } from 'react';
import { cellColor, cellInk, confusionLayout } from './confusion-layout';

interface Props {
  confusion: number[][];
  labels: { id: number; name: string }[];
  active: { trueId: number; predId: number } | null;
  onCell(trueId: number, predId: number): void;
}

/**
 * confusion[true][predicted] as a grid of buttons: colour = share of the true row (green on the
 * diagonal, red off it); a click shows that cell's images in the gallery.
 */
export function ConfusionMatrix({ confusion, labels, active, onCell }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(400);
  useLayoutEffect(() => {
    const el = box.current!;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const labelColumn = 96;
  const layout = confusionLayout(confusion, width - labelColumn - 48);
  const { cell } = layout;
  return (
    <div ref={box} className="confusion" role="table" aria-label={`Confusion matrix: ${layout.total} test images, rows true label, columns predicted label`} data-total={layout.total}>
      <div className="confusion-axis-x muted small" aria-hidden="true" style={{ paddingLeft: labelColumn }}>
        predicted →
      </div>
      <div className="confusion-grid" style={{ gridTemplateColumns: `${labelColumn}px repeat(${labels.length}, ${cell}px) 40px` }}>
        <div role="row" className="contents">
          <span className="confusion-corner muted small" role="columnheader">
            true ↓
          </span>
          {labels.map((l) => (
            <span key={l.id} role="columnheader" className="confusion-col" title={l.name} style={{ height: Math.min(90, 14 + 7 * Math.max(...labels.map((x) => x.name.length))) }}>
              <span>{l.name}</span>
            </span>
          ))}
          <span role="columnheader" className="confusion-col total-head">
            <span>total</span>
          </span>
        </div>
        {layout.cells.map((row, t) => (
          <div role="row" className="contents" key={labels[t]!.id}>
            <span role="rowheader" className="confusion-row" title={labels[t]!.name}>
              {labels[t]!.name}
            </span>
            {row.map((c) => {
              const trueId = labels[c.t]!.id;
              const predId = labels[c.p]!.id;
              const isActive = active?.trueId === trueId && active.predId === predId;
              return (
                <span role="cell" key={c.p}>
                  <button
                    type="button"
                    className={`confusion-cell ink-${cellInk(c)}${isActive ? ' active' : ''}${c.diagonal ? ' diagonal' : ''}`}
                    style={{ width: cell, height: cell, background: cellColor(c) }}
                    aria-label={`true ${labels[c.t]!.name}, predicted ${labels[c.p]!.name}: ${c.count} image${c.count === 1 ? '' : 's'}`}
                    aria-pressed={isActive}
                    data-count={c.count}
                    disabled={c.count === 0}
                    onClick={() => onCell(trueId, predId)}
                  >
                    {c.count}
                  </button>
                </span>
              );
            })}
            <span role="cell" className="confusion-total mono muted">
              {layout.rowTotals[t]}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
