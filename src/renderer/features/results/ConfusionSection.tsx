import { useState } from 'react';
import { Modal } from '../../app/Modal';
import { ConfusionMatrix } from './ConfusionMatrix';
import { TopConfusions } from './TopConfusions';

interface Props {
  confusion: number[][];
  labels: { id: number; name: string }[];
  active: { trueId: number; predId: number } | null;
  onCell(trueId: number, predId: number): void;
}

/** The test confusion matrix fitted to the side column, a zoom to read every cell, and the most-confused pairs. */
export function ConfusionSection({ confusion, labels, active, onCell }: Props) {
  const [zoomed, setZoomed] = useState(false);
  return (
    <>
      <section aria-labelledby="confusion-title" className="card-section">
        <div className="matrix-head">
          <h2 id="confusion-title">Confusion matrix (test)</h2>
          <button type="button" className="small" onClick={() => setZoomed(true)} title="Show the matrix large, with every name and count">
            ⤢ Zoom
          </button>
        </div>
        <ConfusionMatrix confusion={confusion} labels={labels} active={active} onCell={onCell} />
      </section>
      <section aria-labelledby="pairs-title" className="card-section">
        <h2 id="pairs-title">Most confused</h2>
        <TopConfusions confusion={confusion} labels={labels} active={active} onCell={onCell} />
      </section>
      {zoomed && (
        <Modal role="dialog" labelledBy="matrix-zoom-title" className="matrix-zoom" onClose={() => setZoomed(false)}>
          {(focusRef) => (
            <>
              <div className="matrix-head">
                <h2 id="matrix-zoom-title">Confusion matrix (test) — {labels.length} classes</h2>
                <button ref={focusRef} type="button" onClick={() => setZoomed(false)}>
                  Close
                </button>
              </div>
              <ConfusionMatrix
                zoomed
                confusion={confusion}
                labels={labels}
                active={active}
                onCell={(t, p) => {
                  setZoomed(false);
                  onCell(t, p);
                }}
              />
            </>
          )}
        </Modal>
      )}
    </>
  );
}
