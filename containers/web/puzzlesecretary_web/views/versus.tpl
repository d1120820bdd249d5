% rebase('layout.tpl', title=title, group=group)
<h1><a dir="auto" href="/g/{{group.token}}/p/{{a[0]}}">{{a[1]}}</a> vs <a dir="auto" href="/g/{{group.token}}/p/{{b[0]}}">{{b[1]}}</a></h1>
<p class="rule">Only the puzzles both posted count, so missed days do not tilt the record. Wins, losses and ties are <bdi>{{a[1]}}</bdi>'s.</p>
% if not blocks:
<p class="empty"><bdi>{{a[1]}}</bdi> and <bdi>{{b[1]}}</bdi> have not posted the same puzzle yet.</p>
% end
% for block in blocks:
{{!block}}
% end
% if others:
<p class="more"><bdi>{{a[1]}}</bdi> against:
{{!other_links}}
</p>
% end
