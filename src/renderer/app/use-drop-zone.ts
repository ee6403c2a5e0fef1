import { useState } from 'react';

/**
 * A drop target: `over` while something is dragged over it (for the highlight), and the three
 * handlers to spread on the element; `onDrop` gets the DataTransfer of what was dropped.
 */
export function useDropZone(onDrop: (data: DataTransfer) => void) {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver: (e: React.DragEvent) => {
        e.preventDefault();
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: React.DragEvent) => {
        e.preventDefault();
        setOver(false);
        onDrop(e.dataTransfer);
      },
    },
  };
}
