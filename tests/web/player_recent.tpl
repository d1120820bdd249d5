  % for p, g in recent:
    <li><a href="/g/{{group.token}}/puzzle/{{g.slug}}/{{p.puzzle_key}}">{{h['puzzle_title'](g, p.puzzle, p.puzzle_key)}}</a> {{h['score_text'](g.slug, p.score, p.solved)}}
    % if p.archive:
    <span class="tag warn">archive play</span>
    % end
    % if p.late:
    <span class="tag warn">late post</span>
    % end
    </li>
  % end
