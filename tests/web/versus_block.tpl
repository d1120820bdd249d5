% g, d = blk['game'], blk['duel']
<section class="card" aria-labelledby="vs-h-{{g.slug}}">
  <h2 id="vs-h-{{g.slug}}">{{g.name}}</h2>
  <p class="record"><span class="big">{{d.wins}}–{{d.losses}}–{{d.ties}}</span> <span class="note">wins, losses, ties on {{d.played}} shared puzzles</span></p>
  <figure>
  {{!blk['chart']}}
  <figcaption><bdi>{{a[1]}}</bdi>'s wins minus losses over time; above the line <bdi>{{a[1]}}</bdi> leads.</figcaption>
  </figure>
  <details class="data"><summary>Month by month</summary>
  <table><thead><tr><th scope="col">Month</th><th scope="col" class="num">Won</th><th scope="col" class="num">Lost</th><th scope="col" class="num">Tied</th></tr></thead>
  <tbody>
  % for month, w, l, t in d.months:
  <tr><td>{{month}}</td><td class="num">{{w}}</td><td class="num">{{l}}</td><td class="num">{{t}}</td></tr>
  % end
  </tbody></table>
  </details>
</section>
