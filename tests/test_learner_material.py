"""Checks of the learner and instructor material that the Workbench cannot check itself.

* the setup page installs exactly the packages of environment.yml and links the setup checker;
* the workshop schedules add up to the episodes' front-matter timings, so a change of timing in
  an episode fails here until the schedules are updated;
* the instructor notes have a section for every episode;
* the glossary has at least 40 terms, each defined briefly and used in an episode;
* the learner profiles, CITATION.cff, LICENSE.md and CODE_OF_CONDUCT.md have what they need;
* every one of these pages passes the Workbench lint.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from lessonkit.lesson import Lesson
from lessonkit.lint import lint_page
from lessonkit.markdown import parse_page

ROOT = Path(__file__).resolve().parent.parent
LESSON = Lesson.load(ROOT)
SETUP = ROOT / "learners" / "setup.md"
REFERENCE = ROOT / "learners" / "reference.md"
NOTES = ROOT / "instructors" / "instructor-notes.md"
SCHEDULE = ROOT / "instructors" / "schedule.md"
CHECKER = ROOT / "episodes" / "files" / "check_setup.py"
MY_PAGES = [ROOT / "index.md", SETUP, REFERENCE, NOTES, SCHEDULE, ROOT / "LICENSE.md",
            ROOT / "CODE_OF_CONDUCT.md", *sorted((ROOT / "profiles").glob("*.md"))]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def front_matter(path: Path) -> dict:
    text = read(path)
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path.relative_to(ROOT)} has no YAML front matter"
    return yaml.safe_load(match.group(1)) or {}


def episodes() -> list[Path]:
    return LESSON.pages("episodes")


def episode_minutes(path: Path) -> int:
    """What the instructor view's schedule counts for an episode: teaching + exercises + break."""
    meta = front_matter(path)
    return sum(int(meta.get(key) or 0) for key in ("teaching", "exercises", "break"))


def environment_pip() -> list[str]:
    env = yaml.safe_load(read(ROOT / "environment.yml"))
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)


# --- lint ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", MY_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_passes_the_workbench_lint(page):
    assert page.exists(), f"{page.relative_to(ROOT)} is missing"
    problems = lint_page(page, ROOT, is_episode=False)
    assert not problems, "\n" + "\n".join(str(p) for p in problems)


# --- setup page ------------------------------------------------------------------------------


def test_setup_pip_command_installs_environment_yml():
    """The pip route installs the same packages, with the same version ranges, as the conda route."""
    commands = [line for line in read(SETUP).splitlines()
                if line.startswith("python -m pip install") and "tensorflow" in line and "[" not in line]
    assert len(commands) == 1, commands
    quoted = re.findall(r'"([^"]+)"', commands[0])
    assert quoted == environment_pip()


def test_setup_gpu_command_uses_the_same_tensorflow_range():
    tensorflow = next(r for r in environment_pip() if r.startswith("tensorflow"))
    spec = tensorflow[len("tensorflow"):]
    assert f'"tensorflow[and-cuda]{spec}"' in read(SETUP)


def test_setup_names_environment_and_python_of_environment_yml():
    env = yaml.safe_load(read(ROOT / "environment.yml"))
    text = read(SETUP)
    assert "conda env create -f environment.yml" in text
    assert f"conda activate {env['name']}" in text
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert f"tested with Python {python.split('=')[1]}" in text


def test_setup_links_and_runs_the_checker():
    text = read(SETUP)
    assert "[the setup checker](files/check_setup.py)" in text
    assert CHECKER.exists()
    assert "\npython check_setup.py\n" in text
    assert "\npython check_setup.py --download\n" in text


def test_setup_names_the_cache_files_the_checker_checks():
    text = read(SETUP)
    checker = read(CHECKER)
    for constant in ("WEATHER_FILE", "CIFAR10_ARCHIVE", "CIFAR10_FOLDER"):
        value = re.search(rf'^{constant} = "([^"]+)"', checker, re.M).group(1)
        assert f"`{value}" in text, f"setup.md does not name {value}"


def test_setup_has_a_section_per_operating_system():
    page = parse_page(SETUP, read(SETUP))
    tabs = [h.text for h in page.headings if "group-tab" in h.divs]
    for system in ("Windows", "macOS", "Linux"):
        assert tabs.count(system) == 2, f"{system}: one tab for conda and one for pip"
    headings = {h.text for h in page.headings}
    for section in ("Data Sets", "Software Setup", "Check your setup", "Without administrator rights",
                    "Optional: using a GPU", "Working in the cloud"):
        assert section in headings


def test_index_has_prerequisites_and_datasets():
    page = parse_page(ROOT / "index.md", read(ROOT / "index.md"))
    assert any(d.cls == "prereq" for d in page.divs)
    text = read(ROOT / "index.md")
    for episode in episodes():
        assert f"(episodes/{episode.name})" in text, f"index.md does not link {episode.name}"
    for doi in ("10.5281/zenodo.3960218", "10.5281/zenodo.4980359"):
        assert doi in text


# --- schedules -------------------------------------------------------------------------------

ROW = re.compile(r"^\|\s*(\d{1,2}):(\d{2})\s*\|(.*)\|\s*(\d*)\s*\|\s*$")
EPISODE_LINK = re.compile(r"\]\(\.\./episodes/([^)#]+\.md)")


def schedule_tables() -> dict[str, dict[str, list[tuple[int, str, int | None]]]]:
    """{variant (## heading): {day or session (### heading): [(start minute, text, minutes)]}}."""
    variants: dict[str, dict[str, list]] = {}
    variant = day = None
    for line in read(SCHEDULE).splitlines():
        if line.startswith("## "):
            variant, day = line[3:].split("{")[0].strip(), None
            variants[variant] = {}
        elif line.startswith("### ") and variant:
            day = line[4:].strip()
            variants[variant][day] = []
        elif day and (m := ROW.match(line)):
            hours, minutes, text, length = m.groups()
            variants[variant][day].append((int(hours) * 60 + int(minutes), text.strip(),
                                           int(length) if length else None))
    return {v: days for v, days in variants.items() if any(days.values())}


def test_schedule_states_the_lessons_total_time():
    stated = re.search(r"The lesson takes (\d+) minutes of teaching and exercises", read(SCHEDULE))
    assert stated and int(stated.group(1)) == sum(episode_minutes(p) for p in episodes())


def test_schedule_has_two_days_and_four_half_days():
    tables = schedule_tables()
    assert len(tables) == 2, list(tables)
    counts = sorted(len(days) for days in tables.values())
    assert counts == [2, 4], {v: list(days) for v, days in tables.items()}


@pytest.mark.parametrize("variant", ["two days", "four half days"])
def test_schedule_adds_up_to_the_episode_timings(variant):
    """Per episode, the schedule's minutes equal teaching + exercises (+ break) in its front matter."""
    tables = schedule_tables()
    days = next(d for v, d in tables.items() if len(d) == (2 if variant == "two days" else 4))
    planned: dict[str, int] = {}
    for rows in days.values():
        for _start, text, length in rows:
            for name in EPISODE_LINK.findall(text):
                planned[name] = planned.get(name, 0) + (length or 0)
    expected = {p.name: episode_minutes(p) for p in episodes()}
    assert planned == expected, "update instructors/schedule.md to the episodes' front matter"


@pytest.mark.parametrize("variant", ["two days", "four half days"])
def test_schedule_clock_times_follow_from_the_minutes(variant):
    tables = schedule_tables()
    days = next(d for v, d in tables.items() if len(d) == (2 if variant == "two days" else 4))
    longest = 8 * 60 if variant == "two days" else 4 * 60 + 15
    for day, rows in days.items():
        assert rows[-1][2] is None, f"{day}: the last row is the end of the day, without minutes"
        assert all(length for _s, _t, length in rows[:-1]), f"{day}: every row but the last needs minutes"
        for (start, text, length), (next_start, next_text, _l) in zip(rows, rows[1:]):
            assert start + length == next_start, f"{day}: '{text}' + {length} min does not reach '{next_text}'"
        assert rows[-1][0] - rows[0][0] <= longest, f"{day} is longer than {longest} minutes"


def test_schedule_has_a_break_at_least_every_hundred_minutes():
    for variant, days in schedule_tables().items():
        for day, rows in days.items():
            since_break = 0
            for _start, text, length in rows[:-1]:
                if re.search(r"\b(break|lunch)\b", text, re.I):
                    since_break = 0
                else:
                    since_break += length
                    assert since_break <= 100, f"{variant}, {day}: no break before '{text}'"


def test_instructor_notes_link_both_schedules_and_cover_every_episode():
    text = read(NOTES)
    assert "(schedule.md)" in text
    headings = [h for h in parse_page(NOTES, text).headings if h.level == 2]
    for episode in episodes():
        title = front_matter(episode)["title"]
        assert any(title in h.text for h in headings), f"instructor-notes.md has no section '{title}'"
    for topic in ("GPU", "cloud"):
        assert any(topic.lower() in h.text.lower() for h in headings), f"no section on {topic}"


def test_instructor_notes_state_the_front_matter_timings():
    """'[The episode](../episodes/X.md): N minutes of teaching, M of exercises.' must stay true."""
    stated = re.findall(r"\(\.\./episodes/([^)]+\.md)\): (\d+) minutes of teaching, (\d+) of exercises",
                        read(NOTES))
    assert len(stated) == len(episodes())
    for name, teaching, exercises in stated:
        meta = front_matter(ROOT / "episodes" / name)
        assert (int(teaching), int(exercises)) == (meta["teaching"], meta["exercises"]), name


def test_schedules_break_episodes_where_the_notes_say():
    """An episode split over two sessions is split where the instructor notes put its break."""
    sections = re.split(r"\n## ", read(NOTES))
    for days in schedule_tables().values():
        rows = [(text, length) for table in days.values() for _s, text, length in table]
        for episode in episodes():
            parts = [length for text, length in rows if f"../episodes/{episode.name})" in text]
            if len(parts) < 2:
                continue
            section = next(s for s in sections if f"(../episodes/{episode.name})" in s)
            break_at = re.search(r"\(about (\d+) minutes in\)", section)
            assert break_at, f"instructor notes give no break point for {episode.name}"
            assert parts[0] == int(break_at.group(1)), episode.name


# --- glossary --------------------------------------------------------------------------------


def glossary() -> list[tuple[str, str]]:
    text = read(REFERENCE)
    assert "\n## Glossary\n" in text
    body = text.split("\n## Glossary\n", 1)[1].split("\n## ", 1)[0]
    entries = []
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(": "):
            term = lines[i - 1].strip() if i else ""
            assert term, f"definition without a term: {line}"
            definition = [line[2:].strip()]
            for more in lines[i + 1:]:
                if not more.strip():
                    break
                definition.append(more.strip())
            entries.append((term, " ".join(definition)))
    return entries


def term_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    last = words[-1]
    if term.endswith("y") and not term.endswith(("ay", "ey", "oy", "uy")):
        last = rf"(?:{last}|{last[:-1]}ies)"
    else:
        last = rf"{last}(?:s|es)?"
    return re.compile(r"(?<![\w])" + r"[\s-]+".join(words[:-1] + [last]) + r"(?![\w])", re.I)


def test_glossary_has_at_least_forty_terms():
    terms = [t for t, _d in glossary()]
    assert len(terms) >= 40, len(terms)
    assert len({t.lower() for t in terms}) == len(terms), "duplicated term"
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms), "keep the glossary alphabetical"


def test_glossary_definitions_are_one_or_two_sentences():
    for term, definition in glossary():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z`])", definition) if s]
        assert 1 <= len(sentences) <= 2, f"{term}: {len(sentences)} sentences"
        assert definition.endswith("."), term


def test_every_glossary_term_is_used_in_an_episode():
    text = "\n".join(read(p) for p in episodes() if p.exists())
    unused = [term for term, _d in glossary() if not term_pattern(term).search(text)]
    assert not unused, f"glossary terms no episode uses: {unused}"


def test_term_pattern_allows_simple_plurals():
    assert term_pattern("epoch").search("ten epochs")
    assert term_pattern("batch").search("batches of 32")
    assert term_pattern("accuracy").search("accuracy")
    assert term_pattern("activation function").search("activation\nfunctions")
    assert term_pattern("cross-entropy").search("cross entropy")
    assert not term_pattern("loss").search("lossless")


# --- profiles, citation, license, code of conduct --------------------------------------------


def test_profiles_are_at_least_four_personas_each_under_a_heading():
    profiles = sorted((ROOT / "profiles").glob("*.md"))
    assert len(profiles) >= 4
    names = []
    for path in profiles:
        level2 = [h for h in parse_page(path, read(path)).headings if h.level == 2]
        assert len(level2) == 1, f"{path.name}: one ## heading with the persona's name"
        names.append(level2[0].text)
        assert len(read(path).split()) > 120, f"{path.name} is too short to be a persona"
    assert len(set(names)) == len(names)


def test_citation_cff_is_valid():
    cff = yaml.safe_load(read(ROOT / "CITATION.cff"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "abstract"):
        assert isinstance(cff[key], str) and cff[key].strip()
    assert cff["title"] == LESSON.config["title"]
    assert cff["type"] == "dataset"
    assert cff["license"] == "CC-BY-4.0"
    assert cff["repository-code"] == LESSON.config["source"] == "https://github.com/carpentries-incubator/deep-learning-intro"
    datetime.date.fromisoformat(str(cff["date-released"]))
    assert cff["keywords"] and all(isinstance(k, str) for k in cff["keywords"])
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    references = cff.get("references", [])
    allowed = {"data", "software", "report", "article", "dataset"} - {"dataset"}  # CFF: datasets are 'data'
    for ref in references:
        assert ref["type"] in allowed and ref["title"] and ref["authors"], ref


def test_license_has_both_licenses_with_https_links():
    text = read(ROOT / "LICENSE.md")
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "https://opensource.org/license/mit" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
    for code in ("lessonkit/", "tests/", "fig/", "episodes/files/"):
        assert f"`{code}`" in text


def test_code_of_conduct_points_to_the_carpentries():
    assert "https://docs.carpentries.org/policies/coc/" in read(ROOT / "CODE_OF_CONDUCT.md")
