% rebase('layout.tpl', title=title, group=group)
<h1><bdi>{{name}}</bdi></h1>
% if not blocks:
<p class="empty"><bdi>{{name}}</bdi> has no results yet.</p>
% end
% for block in blocks:
{{!block}}
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
{{!recent_rows}}
  </ul>
</section>
% end
% if others:
<p class="more">Head-to-head:
{{!other_links}}
</p>
% end
