"""What the forum reads out of a post's Markdown source: quotes and @mentions.

A quote is an ordinary Markdown blockquote whose first line names the quoted post by
its permalink, as the quote button writes it:

    > [@roos](/forum/p/12/):
    > the quoted text

Nothing here renders HTML: that is community.text.render_markdown's job alone.
"""

import re

MENTION_LIMIT = 10

# The first line of a quote block: "> [@name](/forum/p/12/)" (anything may follow).
_QUOTE_HEAD = re.compile(r"^\s{0,3}>\s?\[@?[^\]\n]*\]\(/forum/p/(\d+)/\)")
# "@name" at a word start; usernames are letters, digits and . + - _ (Django's rule,
# without "@", so "a@b.nl" is not a mention).
_MENTION = re.compile(r"(?<![\w@/])@([\w.+-]{2,150})", re.UNICODE)


def quote_block(*, post_id: int, author_name: str, text: str) -> str:
    """The Markdown the quote button inserts (also used without JavaScript)."""
    lines = text.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"> [@{author_name}](/forum/p/{post_id}/):\n{quoted}\n\n"


def quoted_post_ids(source: str) -> list[int]:
    """Ids of the posts quoted in `source`, in order, without repeats."""
    seen: list[int] = []
    for line in source.splitlines():
        match = _QUOTE_HEAD.match(line)
        if match and int(match.group(1)) not in seen:
            seen.append(int(match.group(1)))
    return seen


def mentioned_names(source: str) -> list[str]:
    """Pseudonyms mentioned with @ outside quotes and code, at most MENTION_LIMIT."""
    names: list[str] = []
    seen: set[str] = set()
    in_fence = False
    for line in source.splitlines():
        if len(names) == MENTION_LIMIT:
            # Only the first MENTION_LIMIT count; reading on (and comparing every new
            # name with all earlier ones) made 3,000 distinct names take 0.4 s.
            break
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or stripped.startswith(">") or line.startswith(("    ", "\t")):
            continue
        # Inline code spans are not mentions either.
        line = re.sub(r"`[^`]*`", "", line)
        for match in _MENTION.finditer(line):
            name = match.group(1).rstrip(".+-")
            if name and name.lower() not in seen and len(names) < MENTION_LIMIT:
                seen.add(name.lower())
                names.append(name)
    return names


def remove_quotes_of(source: str, *, post_id: int) -> str:
    """`source` without the quote blocks of post `post_id` (for a purge)."""
    out: list[str] = []
    skipping = False
    for line in source.splitlines():
        match = _QUOTE_HEAD.match(line)
        if match:
            skipping = int(match.group(1)) == post_id
            if skipping:
                continue
        elif skipping and line.lstrip().startswith(">"):
            continue
        else:
            skipping = False
        out.append(line)
    return "\n".join(out).strip("\n")


def mentions_replace(source: str, *, name: str, replacement: str) -> str:
    """`source` with every "@name" (any case, anywhere, code and quotes included)
    replaced by `replacement`: a deleted member's name leaves others' posts."""
    wanted = name.lower()
    out: list[str] = []
    position = 0
    for match in _MENTION.finditer(source):
        found = match.group(1).rstrip(".+-")
        if found.lower() != wanted:
            continue
        start = match.start()
        out.append(source[position:start])
        out.append(replacement)
        position = start + 1 + len(found)
    out.append(source[position:])
    return "".join(out)
