% rebase('layout.tpl', title=title, group=None)
<h1>PuzzleSecretary</h1>
<p>Boards are private: each group's board has its own address, posted once in the group chat.
Open that link to see today's results, leaderboards and trends.</p>
