"""Every game PuzzleSecretary reads, registered in one explicit table.

Adding a game: one module in this folder that defines `GAME`, one line below, and its
fixtures under tests/fixtures/<slug>/.
"""

from __future__ import annotations

from . import (  # part B  # part B  # part A
    actorle,
    bandle,
    bracketcity,
    cluesbysam,
    connections,
    connectionssports,
    costcodle,
    crossclimb,
    emovi,
    flagle,
    framed,
    geogrid,
    globle,
    guessthegame,
    heardle,
    midi,
    mini,
    minisudoku,
    minutecryptic,
    moviedle,
    nerdle,
    octordle,
    oneframe,
    pinpoint,
    pips,
    primel,
    queens,
    quordle,
    quordleweekly,
    spellingbee,
    squardle,
    strands,
    tango,
    timeguessr,
    top5,
    tradle,
    travle,
    waffle,
    woordle,
    wordle,
    worldle,
    zip,
)
from .base import FAIL_RULES, Calendar, Game

GAMES: dict[str, Game] = {
    game.slug: game
    for game in (
        wordle.GAME,
        connections.GAME,
        connectionssports.GAME,
        strands.GAME,
        mini.GAME,
        midi.GAME,
        pips.GAME,
        spellingbee.GAME,
        quordle.GAME,
        quordleweekly.GAME,
        octordle.GAME,
        nerdle.GAME,
        woordle.GAME,
        primel.GAME,
        waffle.GAME,
        squardle.GAME,
        minutecryptic.GAME,
        cluesbysam.GAME,
        bracketcity.GAME,
        top5.GAME,
        # part A (NYT and word games) above this line
        worldle.GAME,
        globle.GAME,
        tradle.GAME,
        travle.GAME,
        flagle.GAME,
        geogrid.GAME,
        framed.GAME,
        oneframe.GAME,
        heardle.GAME,
        bandle.GAME,
        costcodle.GAME,
        timeguessr.GAME,
        emovi.GAME,
        guessthegame.GAME,
        actorle.GAME,
        moviedle.GAME,
        queens.GAME,
        tango.GAME,
        zip.GAME,
        crossclimb.GAME,
        minisudoku.GAME,
        pinpoint.GAME,
        # part B (geography, media and LinkedIn games) above this line
    )
}

__all__ = ["GAMES", "FAIL_RULES", "Calendar", "Game"]
