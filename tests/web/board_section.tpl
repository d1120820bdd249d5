%# What one game's section of the board printed as a template; section_html.py now writes it (test_section_html.py).
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
