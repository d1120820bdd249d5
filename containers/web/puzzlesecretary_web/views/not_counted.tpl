% rebase('layout.tpl', title=title, group=group)
<h1>Not counted</h1>
<p class="rule">Messages that looked like a score but did not count, with the reason, newest first.
A repost of a puzzle you already posted does not replace the first one.</p>
% if unread:
<section class="unread">
<h2>Games we don't read yet</h2>
<ul>
% for game in unread:
  <li>{{format(game.shares, ',')}} share{{'' if game.shares == 1 else 's'}} of <bdi>{{game.name}}</bdi> this week: not read yet</li>
% end
</ul>
</section>
% end
% if not items:
<p class="empty">Every score posted in this group counted.</p>
% end
<ul class="rejections">
% for item in items:
  <li class="card">
    <p><strong><a dir="auto" href="/g/{{group.token}}/p/{{item.player_id}}">{{item.player}}</a></strong>
    · <bdi>{{h['GAMES'][item.game].name if item.game in h['GAMES'] else item.game.removeprefix('unknown:')}}</bdi>{{' %s' % format(item.puzzle, ',') if item.puzzle is not None else ''}}
    · <time>{{h['time_text'](item.sent_at, timezone)}}</time></p>
    <p class="reason">{{item.reason[:1].upper() + item.reason[1:]}}</p>
    <details><summary>The message</summary><pre class="message">{{item.text[:600]}}{{'…' if len(item.text) > 600 else ''}}</pre></details>
  </li>
% end
</ul>
