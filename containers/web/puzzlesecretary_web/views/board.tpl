% rebase('layout.tpl', title=title, group=group, first_game=first_game)
<h1><bdi>{{group.name}}</bdi></h1>
<p class="when">{{today.strftime('%A %-d %B %Y')}} · {{group.timezone}}</p>
% if leaders:
<section class="card" aria-labelledby="champ">
  <h2 id="champ">Leading today across games</h2>
  <ol class="leaders">
  % for c in leaders:
    <li><a dir="auto" href="/g/{{group.token}}/p/{{c.player_id}}">{{c.player}}</a> <span class="num">{{'%.2f' % c.points}} points</span></li>
  % end
  </ol>
  <p class="note"><a href="/g/{{group.token}}/champion/week">How the champion is chosen, and this week's</a></p>
</section>
% end
% if not sections:
<p class="empty">Nobody has posted a score today yet.</p>
  % if members:
<p>Not played yet: {{!h['name_list'](members.values())}}</p>
  % end
% end
% for s in sections:
<section class="card game" aria-labelledby="g-{{s['game'].slug}}">
  <h2 id="g-{{s['game'].slug}}"><a href="/g/{{group.token}}/puzzle/{{s['game'].slug}}/{{s['puzzle_key']}}">{{s['title']}}</a></h2>
  <ol class="results">
  % for rank, e in s['rows']:
    <li class="{{'' if e.ranked else 'unranked'}}">
      <span class="rank" aria-label="{{'place %d' % rank if rank else 'not ranked'}}">{{rank if rank else '–'}}</span>
      <a dir="auto" class="who" href="/g/{{group.token}}/p/{{e.player_id}}">{{e.player}}</a>
      <span class="score">{{h['score_text'](s['game'].slug, e.score, e.solved)}}</span>
      % if e.hard_mode:
      <span class="tag">hard mode</span>
      % end
      % if e.archive:
      <span class="tag warn">archive play, not ranked</span>
      % end
      % if e.late:
      <span class="tag warn">late post, not ranked</span>
      % end
      % grid = e.details.get('grid') if isinstance(e.details, dict) else None
      % if grid:
      <details class="grid"><summary>Show <bdi>{{e.player}}</bdi>'s grid</summary><pre aria-label="{{h['isolate'](e.player)}}'s grid">{{'\n'.join(grid)}}</pre></details>
      % end
    </li>
  % end
  </ol>
  % if s['waiting']:
  <p class="waiting">Not played yet: {{!h['name_list'](name for _, name in s['waiting'])}}</p>
  % else:
  <p class="waiting">Everybody has played.</p>
  % end
  <p class="more"><a href="/g/{{group.token}}/puzzle/{{s['game'].slug}}/{{s['puzzle_key']}}">All results and grids, and how hard it was</a> · <a href="/g/{{group.token}}/leaderboard/{{s['game'].slug}}/week">{{s['game'].name}} leaderboard</a></p>
</section>
% end
% if members:
<section class="card" aria-labelledby="players">
  <h2 id="players">Players</h2>
  <ul class="inline">
  % for pid, name in members.items():
    <li><a dir="auto" href="/g/{{group.token}}/p/{{pid}}">{{name}}</a></li>
  % end
  </ul>
</section>
% end
