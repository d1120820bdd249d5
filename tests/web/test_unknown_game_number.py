"""A score whose game number the table does not hold (a database a newer release wrote, a game's
line lost from store/gamecodes.py): every page still answers, and the score reads plainly."""

from __future__ import annotations

from puzzlesecretary.store import Score


def test_every_page_answers_when_a_score_holds_a_game_number_the_table_does_not_know(seeded, db):
    alice = seeded.ids["Alice"]
    moved = db.execute_sql(
        f"UPDATE score SET game = 999 WHERE player_id = {db.param} AND game = {db.param}", (alice, Score.game.db_value("wordle"))
    ).rowcount
    assert moved > 0
    db.execute_sql("UPDATE chat_group SET revision = revision + 1")
    paths = ["", "/leaderboard/wordle", "/champion/week", f"/vs/{alice}/{seeded.ids['Bob']}", f"/p/{alice}"]
    for path in paths:
        page = seeded.page(path)
        assert page.status == 200, path
        assert "game-999" not in page.text, path  # no registered game by that name: no section, no row
    # The not-counted page lists each repost with its game: that one by its plain number.
    page = seeded.page("/not-counted")
    assert page.status == 200 and "<bdi>game-999</bdi> 1,987" in page.text
    assert Score.select().where(Score.player == alice, Score.game == "game-999").count() == moved
