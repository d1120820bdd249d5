% g, b = blk['game'], blk['bests']
<section class="card" aria-labelledby="p-{{g.slug}}">
  <h2 id="p-{{g.slug}}">{{g.name}}</h2>
  <dl class="facts">
    <div><dt>Played</dt><dd>{{b.played}}</dd></div>
    <div><dt>Solved</dt><dd>{{h['percent'](b.solve_rate)}}</dd></div>
    <div><dt>Mean</dt><dd>{{h['mean_text'](g, b.mean)}}</dd></div>
    <div><dt>Best</dt><dd>{{h['score_text'](g.slug, b.best, True) if b.best is not None else '–'}}{{' ×%d' % b.best_count if b.best_count > 1 else ''}}</dd></div>
    <div><dt>Longest streak</dt><dd>{{b.best_streak}}</dd></div>
    <div><dt>Current streak</dt><dd>{{b.current_streak}}</dd></div>
  </dl>
  <figure>
  {{!blk['chart']}}
  <figcaption><span class="key s1">7-day mean</span> <span class="key s2">30-day mean</span> of {{g.unit}}, {{'lower' if g.lower_is_better else 'higher'}} is better.</figcaption>
  </figure>
  <details class="data"><summary>The chart as a table</summary>
  <table><thead><tr><th scope="col">Day</th><th scope="col" class="num">7-day mean</th><th scope="col" class="num">30-day mean</th></tr></thead>
  <tbody>
  % for day, week, month in blk['samples']:
  <tr><td>{{h['day_text'](day)}}</td><td class="num">{{h['mean_text'](g, week)}}</td><td class="num">{{h['mean_text'](g, month)}}</td></tr>
  % end
  </tbody></table>
  </details>
</section>
