import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { highlighted, hitPath } from './highlight';
import { paramsFromUrl } from './queries';

describe('highlighted', () => {
  it('marks the words the server put in <em>, and only those', () => {
    const { container } = render(<p>{highlighted('高强韧<em>镁合金</em>真空<em>压铸</em>技术')}</p>);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['镁合金', '压铸']);
    expect(container.textContent).toBe('高强韧镁合金真空压铸技术');
  });

  it('shows escaped markup as text and never builds elements from it', () => {
    const { container } = render(
      <p>{highlighted('&lt;img src=x onerror=alert(1)&gt; &amp; <em>&quot;合金&quot;</em>')}</p>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)> & "合金"');
    expect(container.querySelector('mark')?.textContent).toBe('"合金"');
  });
});

describe('search parameters', () => {
  it('come from the page address, unknown types dropped, pages as offsets', () => {
    const params = paramsFromUrl(new URLSearchParams('q=合金&types=demand,bogus,challenge&field=semiconductor&page=3'));
    expect(params).toEqual({ q: '合金', limit: 20, offset: 40, types: 'demand,challenge', field: 'semiconductor' });
  });

  it('lead each hit to its page', () => {
    expect(hitPath('achievement', 'a1')).toBe('/achievements/a1');
    expect(hitPath('challenge', 'c1')).toBe('/challenges/c1');
  });
});
