% rebase('layout.tpl', title=title, group=group, first_game=first_game)
<h1>{{game.name}} leaderboard</h1>
<nav class="tabs" aria-label="Games">
% for g in games:
  <a href="/g/{{group.token}}/leaderboard/{{g.slug}}/{{period}}"{{!' aria-current="page"' if g.slug == game.slug else ''}}>{{g.name}}</a>
% end
</nav>
<nav class="tabs" aria-label="Period">
% for key, label in periods.items():
  <a href="/g/{{group.token}}/leaderboard/{{game.slug}}/{{key}}"{{!' aria-current="page"' if key == period else ''}}>{{label}}</a>
% end
</nav>
<p class="when">{{periods[period]}}: {{'since ' + h['day_text'](start) if start else 'every puzzle on record'}}, up to {{h['day_text'](end)}}.</p>
<p class="rule"><strong>How it counts.</strong> {{rule}} A streak is a run of consecutive days solved; archive plays do not extend it.</p>
% if not table:
<p class="empty">No {{game.name}} results in this period.</p>
% else:
<div class="scroll">
<table>
  <caption>{{game.name}}, {{periods[period].lower()}}</caption>
  <thead><tr><th scope="col">#</th><th scope="col">Player</th><th scope="col" class="num">Played</th><th scope="col" class="num">Solved</th><th scope="col" class="num">Mean</th><th scope="col" class="num"><abbr title="Best streak">Best</abbr></th><th scope="col" class="num"><abbr title="Current streak">Now</abbr></th></tr></thead>
  <tbody>
{{!rows}}
  </tbody>
</table>
</div>
<h2>How the scores spread</h2>
<figure>
{{!chart}}
<figcaption>Number of results per score ({{game.unit}}){{', X = failed' if any(b.failed for b in bins) else ''}}.</figcaption>
</figure>
<details class="data"><summary>The chart as a table</summary>
<table><thead><tr><th scope="col">Score</th><th scope="col" class="num">Results</th></tr></thead>
<tbody>
% for b in bins:
<tr><td>{{'failed' if b.failed else b.label}}</td><td class="num">{{b.count}}</td></tr>
% end
</tbody></table>
</details>
% end
<p class="more"><a href="/g/{{group.token}}/champion/{{period}}">Daily champion across all games, {{periods[period].lower()}}</a></p>
