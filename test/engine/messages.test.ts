// Pins how policy output becomes text the apiserver keeps: message shapes, warning cleaning, length and budget.
import { expect } from 'chai';
import { finishWarnings, messageText, MAX_WARNING_CHARS } from '../../src/engine/messages.js';

describe('messages and warnings', () => {
  it('takes strings as they are, {msg} objects by msg, and anything else as JSON', () => {
    expect(messageText('x')).to.equal('x');
    expect(messageText({ msg: 'y', details: 1 })).to.equal('y');
    expect(messageText({ reason: 'z' })).to.equal('{"reason":"z"}');
  });

  it('removes duplicates and keeps the first-seen order', () => {
    expect(finishWarnings(['b', 'a', 'b'])).to.deep.equal(['b', 'a']);
  });

  it('turns control characters into spaces, which the apiserver would otherwise drop the warning for', () => {
    expect(finishWarnings(['line one\nline\ttwo\u0007'])).to.deep.equal(['line one line two']);
  });

  it('keeps each warning under 256 characters, counting characters not UTF-16 units', () => {
    const [w] = finishWarnings(['é'.repeat(300)]);
    expect(Array.from(w)).to.have.length(MAX_WARNING_CHARS);
    expect(w.endsWith('…')).to.equal(true);
    const [emoji] = finishWarnings(['😀'.repeat(300)]);
    expect(Array.from(emoji)).to.have.length(MAX_WARNING_CHARS);
  });

  it('stops within the apiserver budget and says how many were left out', () => {
    const many = Array.from({ length: 40 }, (_, i) => `${i} ${'x'.repeat(200)}`);
    const out = finishWarnings(many);
    const total = out.reduce((n, w) => n + Array.from(w).length, 0);
    expect(total).to.be.at.most(4096);
    expect(out[out.length - 1]).to.match(/^verdict: \d+ more warnings not shown$/);
  });
});
