% rebase('layout.tpl', title=title, group=group, first_game=first_game)
<h1>{{title}}</h1>
<p class="when">{{h['day_text'](day)}}</p>
<section class="card verdict" aria-labelledby="hard-h">
  <h2 id="hard-h">How hard was it?</h2>
  <p class="big">{{difficulty.verdict}}</p>
  <p>Group mean on this puzzle: <strong>{{h['mean_text'](game, difficulty.mean)}}</strong> {{game.unit}};
  the group's usual {{game.name}} (mean of its puzzles over {{long_run_days}} days): <strong>{{h['mean_text'](game, difficulty.usual)}}</strong>.
  {{'Lower' if game.lower_is_better else 'Higher'}} is better.</p>
</section>
<section class="card" aria-labelledby="res-h">
  <h2 id="res-h">Results</h2>
  % if not ranked:
  <p class="empty">No ranked results: only archive plays or late posts.</p>
  % end
  <ol class="results">
  % if ranked:
{{!ranked_rows}}
  % end
  </ol>
  % if unranked:
  <h3>Not ranked</h3>
  <p class="note">Archive plays and late posts count in personal stats but not in the day's ranking.</p>
  <ul class="results">
{{!unranked_rows}}
  </ul>
  % end
</section>
<p class="more"><a href="/g/{{group.token}}/leaderboard/{{game.slug}}/month">{{game.name}} leaderboard</a></p>
