% rebase('layout.tpl', title=title, group=group)
<h1>Daily champion</h1>
<nav class="tabs" aria-label="Period">
% for key, label in periods.items():
  <a href="/g/{{group.token}}/champion/{{key}}"{{!' aria-current="page"' if key == period else ''}}>{{label}}</a>
% end
</nav>
<p class="rule"><strong>How it counts.</strong> {{rule}}</p>
% if not table:
<p class="empty">No ranked results in this period.</p>
% else:
<div class="scroll">
<table>
  <caption>Days won, {{periods[period].lower()}}</caption>
  <thead><tr><th scope="col">#</th><th scope="col">Player</th><th scope="col" class="num">Days won</th><th scope="col" class="num">Points</th><th scope="col" class="num">Days played</th></tr></thead>
  <tbody>
  % for i, c in enumerate(table, start=1):
    <tr><td>{{i}}</td><th scope="row"><a dir="auto" href="/g/{{group.token}}/p/{{c.player_id}}">{{c.player}}</a></th><td class="num">{{c.days_won}}</td><td class="num">{{'%.2f' % c.points}}</td><td class="num">{{c.days_played}}</td></tr>
  % end
  </tbody>
</table>
</div>
<h2>Latest days</h2>
<ul class="days">
% for day, winners, top in recent:
  <li><span class="date">{{h['day_text'](day)}}</span>: {{!h['name_list'](winners)}} <span class="num">({{'%.2f' % top}} points)</span></li>
% end
</ul>
% end
