% rebase('layout.tpl', title=title, group=None)
<h1>{{code}} · {{title}}</h1>
<p>{{message}}</p>
<p>If someone sent you a link to a group's board, check that it was copied whole.</p>
