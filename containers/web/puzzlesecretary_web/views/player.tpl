% rebase('layout.tpl', title=title, group=group)
<h1><bdi>{{name}}</bdi></h1>
% if not blocks:
<p class="empty"><bdi>{{name}}</bdi> has no results yet.</p>
% end
% for blk in blocks:
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
% end
<section class="card" aria-labelledby="cal-h">
  <h2 id="cal-h">Streak calendar</h2>
  <figure>
  {{!calendar}}
  <figcaption>{{calendar_text}} Darker squares: more games solved that day; outlined: played but not solved.</figcaption>
  </figure>
</section>
% if recent:
<section class="card" aria-labelledby="recent-h">
  <h2 id="recent-h">Latest results</h2>
  <ul class="recent">
  % for p, g in recent:
    <li><a href="/g/{{group.token}}/puzzle/{{g.slug}}/{{p.puzzle_key}}">{{h['puzzle_title'](g, p.puzzle, p.puzzle_key)}}</a> {{h['score_text'](g.slug, p.score, p.solved)}}
    % if p.archive:
    <span class="tag warn">archive play</span>
    % end
    % if p.late:
    <span class="tag warn">late post</span>
    % end
    </li>
  % end
  </ul>
</section>
% end
% if others:
<p class="more">Head-to-head:
% for pid, other in others:
 <a dir="auto" href="/g/{{group.token}}/vs/{{me}}/{{pid}}">vs {{other}}</a>
% end
</p>
% end
