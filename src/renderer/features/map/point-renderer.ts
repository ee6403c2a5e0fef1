import { pixelsPerUnit, type Camera, type Viewport } from './map-camera';
import { RasterRenderer, type PointsRenderer } from './raster-renderer';

// A minimal WebGL point renderer: one buffer of positions, one of RGBA colours, one draw call.
// (regl-scatterplot would do this, but regl compiles its commands with `new Function`, which
// the app's Content-Security-Policy — script-src 'self', no 'unsafe-eval' — refuses.)

const VERTEX = `
attribute vec2 a_position;
attribute vec4 a_color;
uniform vec2 u_center;
uniform vec2 u_scale;
uniform float u_size;
varying vec4 v_color;
void main() {
  gl_Position = vec4((a_position - u_center) * u_scale, 0.0, 1.0);
  gl_PointSize = u_size;
  v_color = a_color;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_color;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  float r = dot(d, d);
  if (r > 0.25) discard;
  gl_FragColor = vec4(v_color.rgb, v_color.a * (1.0 - smoothstep(0.16, 0.25, r)));
}`;

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`Shader did not compile: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/** Whether a WebGL context runs on a GPU (software GL is slower than the raster renderer). */
function isSoftware(gl: WebGLRenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}

let probed: PointsRenderer['kind'] | null = null;

/**
 * Which renderer draws the map here: WebGL where a GPU draws it, the JavaScript raster renderer
 * otherwise. Probed once per thread: a WebGL context costs tens of milliseconds in software, so
 * the render worker probes as it starts, while the map's data is still on its way.
 */
export function pointsRendererKind(): PointsRenderer['kind'] {
  if (probed) return probed;
  const scratch = () => (typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas'));
  const probe = (scratch().getContext('webgl2') ?? scratch().getContext('webgl')) as WebGLRenderingContext | null;
  probed = !!probe && !isSoftware(probe) ? 'webgl' : 'raster';
  probe?.getExtension('WEBGL_lose_context')?.loseContext();
  return probed;
}

export function createPointsRenderer(canvas: HTMLCanvasElement | OffscreenCanvas): PointsRenderer {
  return pointsRendererKind() === 'webgl' ? new PointRenderer(canvas) : new RasterRenderer(canvas);
}

export class PointRenderer implements PointsRenderer {
  readonly kind = 'webgl';
  private readonly gl: WebGLRenderingContext;
  private readonly program: WebGLProgram;
  private readonly positions: WebGLBuffer;
  private readonly colors: WebGLBuffer;
  private readonly uniforms: { center: WebGLUniformLocation; scale: WebGLUniformLocation; size: WebGLUniformLocation };
  // Looked up once: a lookup per frame is a synchronous round trip to the GPU process.
  private readonly attributes: { position: number; color: number };
  private count = 0;

  /** Throws when the browser has no WebGL (the caller says so in a sentence). */
  constructor(private readonly canvas: HTMLCanvasElement | OffscreenCanvas) {
    const options: WebGLContextAttributes = { antialias: false, alpha: true, premultipliedAlpha: false, preserveDrawingBuffer: false };
    const gl = (canvas.getContext('webgl2', options) ?? canvas.getContext('webgl', options)) as WebGLRenderingContext | null;
    if (!gl) throw new Error('This browser cannot draw the map: WebGL is not available.');
    this.gl = gl;
    const program = gl.createProgram()!;
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`Shader program did not link: ${gl.getProgramInfoLog(program)}`);
    this.program = program;
    this.positions = gl.createBuffer()!;
    this.colors = gl.createBuffer()!;
    this.uniforms = {
      center: gl.getUniformLocation(program, 'u_center')!,
      scale: gl.getUniformLocation(program, 'u_scale')!,
      size: gl.getUniformLocation(program, 'u_size')!,
    };
    this.attributes = { position: gl.getAttribLocation(program, 'a_position'), color: gl.getAttribLocation(program, 'a_color') };
  }

  /** Positions as interleaved x, y in layout units ([-1, 1]). */
  setPositions(xy: Float32Array): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.bufferData(gl.ARRAY_BUFFER, xy, gl.STATIC_DRAW);
    this.count = xy.length / 2;
  }

  /** One RGBA byte quadruple per point, in the order of the positions. */
  setColors(rgba: Uint8Array): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colors);
    gl.bufferData(gl.ARRAY_BUFFER, rgba, gl.DYNAMIC_DRAW);
  }

  draw(camera: Camera, view: Viewport, pointSize: number, dpr: number): void {
    const gl = this.gl;
    const width = Math.max(1, Math.round(view.width * dpr));
    const height = Math.max(1, Math.round(view.height * dpr));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    gl.viewport(0, 0, width, height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (this.count === 0) return;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    gl.useProgram(this.program);
    const s = pixelsPerUnit(camera, view);
    gl.uniform2f(this.uniforms.center, camera.x, camera.y);
    gl.uniform2f(this.uniforms.scale, (2 * s) / view.width, (2 * s) / view.height);
    gl.uniform1f(this.uniforms.size, pointSize * dpr);
    const { position, color } = this.attributes;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colors);
    gl.enableVertexAttribArray(color);
    gl.vertexAttribPointer(color, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.drawArrays(gl.POINTS, 0, this.count);
  }

  dispose(): void {
    const gl = this.gl;
    gl.deleteBuffer(this.positions);
    gl.deleteBuffer(this.colors);
    gl.deleteProgram(this.program);
  }
}
