/**
 * The explanations' content: each shows the numbers the code reported (given a TdExplanation,
 * a snapshot or gen loss terms, the text holds those exact numbers), and KaTeX typesets every
 * equation of every topic, with live values and without, in strict mode.
 */
import { describe, expect, it } from 'vitest';
import { contentTex, contentText, type ExplainContent, num } from '../../../../src/ui/explain/content.js';
import { renderContentHtml } from '../../../../src/ui/explain/render.js';
import { renderTex } from '../../../../src/ui/explain/tex.js';
import { boardContent } from '../../../../src/ui/explain/topics/board.js';
import { epsilonContent, lossContent, meanQContent, scoreContent, winRateContent } from '../../../../src/ui/explain/topics/charts.js';
import { diffusionContent } from '../../../../src/ui/explain/topics/diffusion.js';
import { dreamContent, EMPTY_DREAM_LIVE } from '../../../../src/ui/explain/topics/dream.js';
import { eyeContent } from '../../../../src/ui/explain/topics/eye.js';
import { ganContent } from '../../../../src/ui/explain/topics/gan.js';
import { EMPTY_GEN_LIVE } from '../../../../src/ui/explain/topics/gen-live.js';
import { qValuesContent } from '../../../../src/ui/explain/topics/q-values.js';
import { replayContent } from '../../../../src/ui/explain/topics/replay.js';
import { EMPTY_RL_LIVE } from '../../../../src/ui/explain/topics/rl-live.js';
import { vaeContent } from '../../../../src/ui/explain/topics/vae.js';
import { DIFFUSION_LIVE, GAN_LIVE, rlLive, snapshot, tdExplanation, VAE_LIVE } from './fixtures.js';

function expectNumbers(c: ExplainContent, values: number[]): void {
  const text = contentText(c);
  for (const v of values) expect(text, `${c.title} shows ${v}`).toContain(num(v));
}

describe('Q-values: epsilon-greedy and the TD target', () => {
  it('shows the TdExplanation\'s own numbers: rewards, R, d, bootstrap, y, Q(s, a), delta, loss, weight', () => {
    const td = tdExplanation();
    const c = qValuesContent(rlLive());
    expectNumbers(c, [...td.rewards, td.ret, td.gamma, td.discount, td.bootstrap, td.target, td.plainTarget, td.q, td.tdError, td.loss, td.weight, td.replayIndex]);
    const text = contentText(c);
    expect(text).toContain(`y = 0.06929 + 0.9703 \\cdot 0.875 = 0.9183`);
    expect(text).toContain('\\delta = y - Q_{\\text{online}}(s, a) = 0.9183 - 0.7 = 0.2183');
    expect(text).toContain('(a^* = \\text{East})');
    // Double DQN: the online net's pick (East) against the target net's own maximum (1.25, South).
    expect(text).toMatch(/Plain DQN would take .*= 1\.25\$ \(South\).*y = 1\.282/);
  });

  it('says so when the episode terminated (d = 0) and when Double DQN is off', () => {
    const ended = contentText(qValuesContent(rlLive({ td: tdExplanation({ terminated: true, discount: 0 }) })));
    expect(ended).toContain('d = 0');
    expect(ended).toContain('neither matters');
    const plain = contentText(qValuesContent(rlLive({ td: tdExplanation({ double: false, bootstrapAction: 1, bootstrap: 1.25, target: 1.282 }) })));
    expect(plain).toContain('y = R + d \\max_{a\'}');
    expect(plain).toContain('Double DQN is off');
  });

  it('gives the chance the next move is random and the chance it differs from the greedy one', () => {
    const text = contentText(qValuesContent(rlLive()));
    // epsilon 0.3, 5 actions: 0.3 random, 0.3 * 4/5 = 0.24 other than the greedy move.
    expect(text).toContain('next move random ($\\varepsilon$): 0.3');
    expect(text).toContain('next move differs from the greedy one: 0.24');
    expect(text).toContain('\\tfrac{4}{5} = 0.24');
    expect(text).toContain('last move: East (greedy)');
  });

  it('with legal moves only, counts the legal actions and names the walls', () => {
    const c = qValuesContent(rlLive({ snapshot: snapshot({ allowed: [false, true, true, false, true] }) }));
    const text = contentText(c);
    // epsilon 0.3 over A = 3 legal moves: 0.3 * 2/3 = 0.2 other than the greedy move.
    expect(text).toContain('North and West run into a wall');
    expect(text).toContain('$A = 3$');
    expect(text).toContain('\\tfrac{2}{3} = 0.2');
    expect(contentText(qValuesContent(rlLive()))).not.toContain('legal moves only');
    for (const { tex, display } of contentTex(c)) expect(() => renderTex(tex, display), tex).not.toThrow();
  });

  it('before any update, says none has happened', () => {
    expect(contentText(qValuesContent(rlLive({ td: null })))).toContain('No update yet');
  });
});

describe('the other RL panels show the snapshot\'s numbers', () => {
  it('board, eye, replay and the charts', () => {
    const live = rlLive();
    const s = snapshot();
    expectNumbers(boardContent(live), [s.board.score, s.board.steps, s.params.gamma, 100]);
    expectNumbers(eyeContent(live), [255, 50, s.qValues[s.action]]);
    expectNumbers(replayContent(live), [s.replay.size, s.replay.capacity, s.params.batchSize, s.params.nStep, tdExplanation().weight]);
    expectNumbers(scoreContent(live), [-377, 123, s.meanScore100]);
    expectNumbers(lossContent(live), [0.01234, 600, 2.468]);
    expectNumbers(winRateContent(live), [s.winRate100, s.episodes]);
    expectNumbers(meanQContent(live), [1.357, 0.99, 100]);
    const eps = contentText(epsilonContent(live));
    expect(eps).toContain('\\varepsilon(12345) = 0.3');
    expect(eps).toContain('next move differs from the greedy one ($A = 5$): 0.24');
  });
});

describe('generative panels show the step\'s loss terms', () => {
  it('VAE: recon, KL, beta, total and the sampled latent z = mu + sigma eps', () => {
    const c = vaeContent(VAE_LIVE);
    expectNumbers(c, [123.4, 6.789, 137, 0.4321, 2]);
    expect(contentText(c)).toContain('z = \\mu + \\sigma \\varepsilon = -0.8765 + 0.25 \\cdot 1.5 = -0.5015');
    expect(contentText(c)).toContain('\\mathcal{L} = 123.4 + 2 \\cdot 6.789 = 137');
  });

  it('GAN: D(x), D(G(z)), both losses, and the equilibrium at 1/2', () => {
    const text = contentText(ganContent(GAN_LIVE));
    expect(text).toContain('D(x) = 0.6789, \\quad D(G(z)) = 0.3456');
    expect(text).toContain('L_D = 1.234, \\quad L_G = 0.8765');
    expect(text).toContain('\\tfrac12, \\tfrac12');
  });

  it('diffusion: t, alphaBar, the noise level and the SNR of a training image, its MSE and the batch\'s', () => {
    const c = diffusionContent(DIFFUSION_LIVE);
    expect(contentText(c)).toContain('t = 42: \\quad \\bar\\alpha_t = 0.8123, \\quad \\sqrt{1 - \\bar\\alpha_t} = 0.4332, \\quad \\mathrm{SNR} = 4.328');
    expectNumbers(c, [0.1234, 0.0567, 200, 20]);
    expect(contentText(c)).toContain('noise MSE of that image');
    const v = contentText(diffusionContent({ ...DIFFUSION_LIVE, config: { ...DIFFUSION_LIVE.config, prediction: 'v' } }));
    expect(v).toContain('v = \\sqrt{\\bar\\alpha_t}\\, \\varepsilon - \\sqrt{1 - \\bar\\alpha_t}\\, x_0');
    expect(v).toContain('v MSE of that image');
  });

  it('dream: the shown step\'s predictions beside the real game\'s, its error, the model\'s losses', () => {
    const c = dreamContent({
      model: 'world-pixel', trainSteps: 1500, losses: { frame: 0.0123, reward: 0.5, terminal: 0.25, total: 0.0873 },
      dream: { step: 5, action: 2, reward: { dreamed: -1, real: 9 }, terminated: { dreamed: 0.125, real: false }, error: { wrongCells: 3, pacmanRight: true, psnr: 21.37 } },
    });
    const text = contentText(c);
    expect(text).toContain('Dream step 5: East');
    expect(text).toContain('\\hat{r} = -1 \\;(\\text{real } 9), \\qquad \\hat{p}^{\\,\\text{end}} = 0.125 \\;(\\text{real: went on})');
    expectNumbers(c, [1500, 0.0123, 0.0873, 3, 21.4]);
    expect(contentText(dreamContent({ ...EMPTY_DREAM_LIVE, model: 'world-latent', losses: { recon: 1, kl: 2, total: 3 } }))).toContain('phase 1');
  });
});

describe('KaTeX typesets every equation', () => {
  const cases: [string, ExplainContent][] = [
    ['q-values', qValuesContent(rlLive())],
    ['q-values, terminated, plain', qValuesContent(rlLive({ td: tdExplanation({ terminated: true, double: false, weight: 1 }) }))],
    ['q-values, human', qValuesContent(rlLive({ snapshot: snapshot({ mode: 'human' }) }))],
    ['q-values, empty', qValuesContent(EMPTY_RL_LIVE)],
    ['board', boardContent(rlLive())], ['board, empty', boardContent(EMPTY_RL_LIVE)],
    ['eye', eyeContent(rlLive())], ['replay', replayContent(rlLive())], ['replay, empty', replayContent(EMPTY_RL_LIVE)],
    ['score', scoreContent(rlLive())], ['loss', lossContent(rlLive())], ['loss, empty', lossContent(EMPTY_RL_LIVE)],
    ['win rate', winRateContent(rlLive())], ['mean Q', meanQContent(rlLive())],
    ['epsilon', epsilonContent(rlLive())],
    ['epsilon, manual', epsilonContent(rlLive({ snapshot: snapshot({ params: { ...snapshot().params, epsilonMode: 'manual' } }) }))],
    ['vae', vaeContent(VAE_LIVE)], ['vae, empty', vaeContent(EMPTY_GEN_LIVE)], ['vae, mse', vaeContent({ ...VAE_LIVE, config: { reconLoss: 'mse' } })],
    ['gan', ganContent(GAN_LIVE)], ['gan, empty', ganContent(EMPTY_GEN_LIVE)],
    ['diffusion', diffusionContent(DIFFUSION_LIVE)], ['diffusion, empty', diffusionContent(EMPTY_GEN_LIVE)],
    ['diffusion, v', diffusionContent({ ...DIFFUSION_LIVE, config: { ...DIFFUSION_LIVE.config, prediction: 'v' } })],
    ['diffusion, ddpm', diffusionContent({ ...DIFFUSION_LIVE, config: { ...DIFFUSION_LIVE.config, sampler: 'ddpm' } })],
    ['dream', dreamContent({ model: 'world-latent', trainSteps: 3, losses: { latent: 1, total: 2 }, dream: { step: 1, action: 4, reward: { dreamed: 0.1, real: -1 }, terminated: { dreamed: 0.5, real: true }, error: { wrongCells: 0, pacmanRight: true, psnr: Infinity } } })],
    ['dream, pixel', dreamContent({ ...EMPTY_DREAM_LIVE, model: 'world-pixel' })],
    ['dream, empty', dreamContent(EMPTY_DREAM_LIVE)],
  ];
  for (const [name, content] of cases) {
    it(name, () => {
      const tex = contentTex(content);
      expect(tex.length).toBeGreaterThan(0);
      for (const { tex: source, display } of tex) expect(() => renderTex(source, display), source).not.toThrow();
      expect(renderContentHtml(content, renderTex)).not.toContain('explain-tex-error');
    });
  }
});
