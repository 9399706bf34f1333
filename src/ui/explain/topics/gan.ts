/**
 * The GAN panel's explanation (src/gen/gan/gan.ts): the min-max game, the losses as the code
 * takes them (non-saturating G), D(x) and D(G(z)) of the latest step, and the equilibrium.
 */
import { type Block, type ExplainContent, num, texNum } from '../content.js';
import { type GenLive, term } from './gen-live.js';

export function ganContent(live: Readonly<GenLive>): ExplainContent {
  const blocks: Block[] = [
    { kind: 'text', text: 'The generator $G$ turns noise $z \\sim \\mathcal{N}(0, I)$ into an image; the discriminator $D$ gives the probability that its input is a real image. They play a min-max game:' },
    { kind: 'math', tex: '\\min_G \\max_D \\; \\mathbb{E}_{x}\\big[\\log D(x)\\big] + \\mathbb{E}_{z}\\big[\\log\\big(1 - D(G(z))\\big)\\big]' },
    { kind: 'text', text: 'Each step, $D$ takes one Adam step on a real batch and a fake batch $G(z)$, then $G$ one step on the same $z$. $G$ uses the non-saturating loss: it maximises $\\log D(G(z))$, which still has a gradient when $D$ rejects its images easily.' },
    { kind: 'math', tex: 'L_D = -\\log D(x) - \\log\\big(1 - D(G(z))\\big), \\qquad L_G = -\\log D(G(z)) \\qquad (\\text{batch means})' },
    { kind: 'text', text: 'At the equilibrium $G$\'s images cannot be told from real ones: $D = \\tfrac12$ everywhere, so $L_D = 2 \\ln 2 \\approx 1.386$ and $L_G = \\ln 2 \\approx 0.693$.' },
  ];
  const dReal = term(live, 'dReal');
  const dFake = term(live, 'dFake');
  const d = term(live, 'd');
  const g = term(live, 'g');
  if (live.row && dReal !== undefined && dFake !== undefined && d !== undefined && g !== undefined) {
    blocks.push(
      { kind: 'heading', text: `Step ${live.row.step.toLocaleString('en-US')} (D's outputs before its update)` },
      { kind: 'math', tex: `D(x) = ${texNum(dReal)}, \\quad D(G(z)) = ${texNum(dFake)} \\qquad (\\text{equilibrium: } \\tfrac12, \\tfrac12)` },
      { kind: 'math', tex: `L_D = ${texNum(d)}, \\quad L_G = ${texNum(g)} \\qquad (\\text{equilibrium: } 1.386, \\; 0.693)` },
      { kind: 'values', rows: [{ label: '$D(x)$, mean over the real batch', value: num(dReal) }, { label: '$D(G(z))$, mean over the fakes', value: num(dFake) }] },
      { kind: 'text', text: dReal - dFake > 0.4 ? '$D$ tells real from fake easily: $G$ is behind.' : dReal - dFake < 0.1 ? 'Both near each other: close to the equilibrium, or $D$ is confused.' : '$D$ has an edge, $G$ is catching up.' },
    );
  } else {
    blocks.push({ kind: 'text', text: 'No training step yet (press Train): the latest step\'s $D(x)$ and $D(G(z))$ appear here.' });
  }
  return { title: 'DCGAN', blocks };
}
