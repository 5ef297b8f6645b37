// Certificates for the webhook: generation, files on disk, expiry, and caBundle rendering.
export { generateCertificates, isDnsLabel, servingSans, type CertificateRequest, type GeneratedCertificates } from './generate.js';
export { readCertificateExpiry, secondsUntilExpiry } from './expiry.js';
export { renderTlsSecret, writeCertificates, type WriteOptions } from './write.js';
export { renderWebhookConfigs, type RenderedManifest, type RenderOptions } from './render.js';
