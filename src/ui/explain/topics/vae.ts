/**
 * The VAE panel's explanation (src/gen/vae/vae.ts): reparameterisation, the loss (recon + beta
 * KL, the negative ELBO at beta = 1), with the latest step's terms and one latent the step drew.
 */
import { type Block, type ExplainContent, num, texNum, texTerm } from '../content.js';
import { configNumber, configString, type GenLive, term } from './gen-live.js';

export function vaeContent(live: Readonly<GenLive>): ExplainContent {
  const bce = configString(live.config, 'reconLoss') !== 'mse';
  const beta = configNumber(live.config, 'beta');
  const conditional = live.config.conditional === true;
  const blocks: Block[] = [
    { kind: 'text', text: `The encoder maps an image $x$ to a Gaussian over latents, $q(z \\mid x) = \\mathcal{N}(\\mu(x), \\sigma(x)^2)$. A latent is drawn with the reparameterisation trick, so the gradient reaches the encoder through $z$; the decoder turns $z$ back into an image. The samples grid decodes $z \\sim \\mathcal{N}(0, I)$, the prior.${conditional ? ' This one is conditional (a CVAE): the class label goes to both networks, so each row of samples asks for one class.' : ''}` },
    { kind: 'math', tex: 'z = \\mu(x) + \\sigma(x) \\odot \\varepsilon, \\qquad \\varepsilon \\sim \\mathcal{N}(0, I), \\quad \\sigma = e^{\\frac12 \\log \\sigma^2}' },
    { kind: 'text', text: `The loss per image (batch mean, in nats) is the reconstruction term plus $\\beta$ times the KL divergence from the prior; at $\\beta = 1$ it is the negative ELBO, a bound on $-\\log p(x)$. Reconstruction: ${bce ? 'binary cross-entropy summed over pixels (pixels as Bernoulli)' : 'squared error summed over pixels, halved'}.` },
    { kind: 'math', tex: `\\mathcal{L} = \\underbrace{${bce ? '-\\textstyle\\sum_p \\log p(x_p \\mid z)' : '\\tfrac12 \\textstyle\\sum_p (\\hat{x}_p - x_p)^2'}}_{\\text{recon}} + \\beta \\, \\underbrace{\\tfrac12 \\textstyle\\sum_j \\big(\\mu_j^2 + \\sigma_j^2 - \\log \\sigma_j^2 - 1\\big)}_{\\mathrm{KL}(q(z \\mid x) \\,\\|\\, \\mathcal{N}(0, I))}` },
  ];
  const recon = term(live, 'recon');
  const kl = term(live, 'kl');
  const total = term(live, 'total');
  if (live.row && recon !== undefined && kl !== undefined && total !== undefined) {
    blocks.push({ kind: 'heading', text: `Step ${live.row.step.toLocaleString('en-US')}` });
    blocks.push({ kind: 'math', tex: `\\mathcal{L} = ${texNum(recon)} + ${beta === undefined ? '\\beta' : texTerm(beta)} \\cdot ${texTerm(kl)} = ${texNum(total)}` });
    const mu0 = term(live, 'mu0');
    const sigma0 = term(live, 'sigma0');
    const eps0 = term(live, 'eps0');
    const z0 = term(live, 'z0');
    if (mu0 !== undefined && sigma0 !== undefined && eps0 !== undefined && z0 !== undefined) {
      blocks.push(
        { kind: 'text', text: 'One latent this step drew (the first coordinate of the batch\'s first image):' },
        { kind: 'math', tex: `z = \\mu + \\sigma \\varepsilon = ${texNum(mu0)} + ${texTerm(sigma0)} \\cdot ${texTerm(eps0)} = ${texNum(z0)}` },
      );
    }
    const rows = [
      { label: 'reconstruction (nats per image)', value: num(recon) },
      { label: 'KL (nats per image)', value: num(kl) },
      { label: '$\\beta$', value: beta === undefined ? '–' : num(beta) },
    ];
    const sigmaMean = term(live, 'sigmaMean');
    if (sigmaMean !== undefined) rows.push({ label: 'mean $\\sigma$ over the batch and latent', value: num(sigmaMean) });
    blocks.push({ kind: 'values', rows });
    blocks.push({ kind: 'text', text: '$\\sigma$ near 1 with the KL near 0 means the latent tells the decoder little about $x$ (the prior wins); a small $\\sigma$ means the encoder is sure where $x$ sits.' });
  } else {
    blocks.push({ kind: 'text', text: 'No training step yet (press Train): the terms of each step appear here.' });
  }
  return { title: 'VAE', blocks };
}
