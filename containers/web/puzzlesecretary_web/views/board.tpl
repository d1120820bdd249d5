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
% for section in sections:
{{!section}}
% end
% if members:
<section class="card" aria-labelledby="players">
  <h2 id="players">Players</h2>
  <ul class="inline">
{{!players}}
  </ul>
</section>
% end
