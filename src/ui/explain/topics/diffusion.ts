/**
 * The diffusion panel's explanation (src/gen/diffusion/*): the forward process in closed form,
 * the SNR, the loss of what the U-Net predicts (the noise, or the velocity v), sampling; with one image of the latest step: its t, noise
 * level, SNR and loss, as the worker reported them.
 */
import { type Block, type ExplainContent, num, texNum } from '../content.js';
import { configNumber, configString, type GenLive, term } from './gen-live.js';

export function diffusionContent(live: Readonly<GenLive>): ExplainContent {
  const T = configNumber(live.config, 'timesteps');
  const sampler = configString(live.config, 'sampler');
  const steps = configNumber(live.config, 'samplingSteps');
  const schedule = configString(live.config, 'schedule');
  const velocity = configString(live.config, 'prediction') === 'v';
  const target = velocity ? 'v' : '\\varepsilon';
  const blocks: Block[] = [
    { kind: 'text', text: `The forward process adds Gaussian noise over $T$${T === undefined ? '' : ` = ${T}`} steps (a ${schedule ?? 'linear'} schedule of $\\beta_t$) until nothing of the image is left. It has a closed form at any $t$ (0-based here):` },
    { kind: 'math', tex: 'x_t = \\sqrt{\\bar\\alpha_t}\\, x_0 + \\sqrt{1 - \\bar\\alpha_t}\\, \\varepsilon, \\qquad \\varepsilon \\sim \\mathcal{N}(0, I)' },
    { kind: 'math', tex: '\\bar\\alpha_t = \\prod_{s \\le t} (1 - \\beta_s), \\qquad \\mathrm{SNR}(t) = \\frac{\\bar\\alpha_t}{1 - \\bar\\alpha_t}' },
    velocity
      ? { kind: 'text', text: 'The U-Net $v_\\theta$ learns the velocity $v$, a mix of the noise that was added and the image, for a $t$ drawn uniformly per image; the noise and the image both follow from $x_t$ and $v$. Unlike the noise alone, $v$ keeps the estimate of $x_0$ steady at high noise, where a few DDIM steps take their biggest jumps. An MSE of about 1 is what guessing $v = 0$ scores.' }
      : { kind: 'text', text: 'The U-Net $\\varepsilon_\\theta$ learns to tell the noise that was added, for a $t$ drawn uniformly per image. An MSE of 1 is what guessing $\\varepsilon = 0$ scores.' },
    ...(velocity ? [{ kind: 'math', tex: 'v = \\sqrt{\\bar\\alpha_t}\\, \\varepsilon - \\sqrt{1 - \\bar\\alpha_t}\\, x_0' } as const] : []),
    { kind: 'math', tex: `\\mathcal{L} = \\operatorname{mean}_{\\text{pixels}} \\big(${target}_\\theta(x_t, t) - ${target}\\big)^2` },
    { kind: 'text', text: `Sampling runs the process backwards from pure noise, each step removing the predicted noise: ${sampler === 'ddpm' ? `DDPM, all ${T ?? 'T'} steps, with fresh noise each step` : `DDIM (deterministic)${steps === undefined ? '' : ` in ${steps} steps`}`}. The forward view shows one image at several $t$ with their SNR.` },
  ];
  const t0 = term(live, 't0');
  const alphaBar0 = term(live, 'alphaBar0');
  const noiseStd0 = term(live, 'noiseStd0');
  const snr0 = term(live, 'snr0');
  const mse0 = term(live, 'mse0');
  const mse = term(live, 'mse');
  if (live.row && mse !== undefined) {
    blocks.push({ kind: 'heading', text: `Step ${live.row.step.toLocaleString('en-US')}` });
    if (t0 !== undefined && alphaBar0 !== undefined && noiseStd0 !== undefined && snr0 !== undefined) {
      blocks.push(
        { kind: 'text', text: 'The batch\'s first image was noised at:' },
        { kind: 'math', tex: `t = ${t0}: \\quad \\bar\\alpha_t = ${texNum(alphaBar0)}, \\quad \\sqrt{1 - \\bar\\alpha_t} = ${texNum(noiseStd0)}, \\quad \\mathrm{SNR} = ${texNum(snr0)}` },
      );
    }
    const what = velocity ? 'v' : 'noise';
    const rows = [{ label: `${what} MSE, batch mean`, value: num(mse) }];
    if (mse0 !== undefined) rows.push({ label: `${what} MSE of that image`, value: num(mse0) });
    blocks.push({ kind: 'values', rows });
  } else {
    blocks.push({ kind: 'text', text: 'No training step yet (press Train): the noise level and SNR of a training image of each step appear here.' });
  }
  return { title: 'Diffusion (DDPM)', blocks };
}
