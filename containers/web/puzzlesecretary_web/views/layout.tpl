<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>{{h['isolate'](title)}} · PuzzleSecretary</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
% if group is not None:
  <a dir="auto" class="brand" href="/g/{{group.token}}">{{group.name}}</a>
  <nav aria-label="Group pages">
    <ul>
      <li><a href="/g/{{group.token}}">Today</a></li>
      <li><a href="/g/{{group.token}}/leaderboard/{{get('first_game', 'wordle')}}/week">Leaderboards</a></li>
      <li><a href="/g/{{group.token}}/champion/week">Champion</a></li>
      <li><a href="/g/{{group.token}}/not-counted">Not counted</a></li>
    </ul>
  </nav>
% else:
  <span class="brand">PuzzleSecretary</span>
% end
</header>
<main id="main">
{{!base}}
</main>
<footer><p>PuzzleSecretary: daily puzzle scores from your group chat. This page is private to your group: please do not share its address.</p></footer>
</body>
</html>
