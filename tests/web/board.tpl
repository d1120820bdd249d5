% rebase('layout.tpl', title=title, group=group, first_game=first_game)
<h1><bdi>{{group.name}}</bdi></h1>
<p class="when">{{today.strftime('%A %-d %B %Y')}} · {{group.timezone}}</p>
% if leaders:
{{!leaders_html}}
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
