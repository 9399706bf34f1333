/**
 * Which WebGL renderer the page gets, asked once before the board's context is made: on a
 * software rasterizer (SwiftShader, llvmpipe) multisampling costs more than it shows, so the
 * board draws without it there.
 */

/** True for renderer names of software rasterizers. Pure, so tests need no browser. */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

/** The unmasked WebGL renderer name ('' where WebGL is missing). Makes and drops a throwaway context. */
export function webGlRendererName(): string {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}
