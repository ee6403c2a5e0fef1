import { describe, expect, it } from 'vitest';
import { fitPoints, HOME, pan, pixelsPerUnit, pointSize, toLayout, toScreen, zoomAt } from '../../../src/renderer/features/map/map-camera';

const view = { width: 800, height: 600 };

describe('map camera', () => {
  it('maps the layout centre to the canvas centre, y up, and back', () => {
    expect(toScreen(HOME, view, 0, 0)).toEqual([400, 300]);
    const [sx, sy] = toScreen(HOME, view, 1, 1);
    expect(sx).toBeGreaterThan(400);
    expect(sy).toBeLessThan(300);
    const [lx, ly] = toLayout(HOME, view, sx, sy);
    expect(lx).toBeCloseTo(1);
    expect(ly).toBeCloseTo(1);
    // The whole [-1, 1] square fits the shorter side.
    expect(pixelsPerUnit(HOME, view) * 2).toBeLessThanOrEqual(600);
  });

  it('a drag moves the layout with the pointer', () => {
    const moved = pan(HOME, view, 50, -20);
    const [sx, sy] = toScreen(moved, view, 0, 0);
    expect(sx).toBeCloseTo(450);
    expect(sy).toBeCloseTo(280);
  });

  it('zooming keeps the point under the pointer in place, within limits', () => {
    const before = toLayout(HOME, view, 600, 100);
    const zoomed = zoomAt(HOME, view, 600, 100, 3);
    expect(zoomed.zoom).toBe(3);
    const after = toLayout(zoomed, view, 600, 100);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(zoomAt(HOME, view, 0, 0, 1e9).zoom).toBe(400);
    expect(zoomAt(HOME, view, 0, 0, 1e-9).zoom).toBe(0.5);
  });

  it('fits a selection and sizes points by crowd and zoom', () => {
    const cam = fitPoints([0.2, 0.4, -1], [0.1, 0.3, 0], [0, 1]);
    expect(cam.x).toBeCloseTo(0.3);
    expect(cam.y).toBeCloseTo(0.2);
    expect(cam.zoom).toBeCloseTo(9);
    expect(fitPoints([], [], [])).toEqual(HOME);
    expect(pointSize(100_000, 1)).toBeLessThan(pointSize(100, 1));
    expect(pointSize(100_000, 16)).toBeGreaterThan(pointSize(100_000, 1));
  });
});
