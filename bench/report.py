"""Printing results: no Django here, so the parent process of a bench can use it."""


def table(rows: list[dict]) -> str:
    """The results as a plain-text table: time, queries, database time and target per row."""
    header = ["page", "backend", "p50 ms", "p95 ms", "queries", "sql ms", "≤3×sql+10"]
    header += ["target", "ok"]
    lines = [
        [
            r["name"],
            r["backend"],
            f"{r['p50_ms']:.1f}",
            f"{r['p95_ms']:.1f}",
            str(r["queries"]),
            f"{r['sql_ms']:.1f}" if "sql_ms" in r else "",
            "" if "near_sql" not in r else ("yes" if r["near_sql"] else "no"),
            f"≤ {r['target_ms']:g}" if r.get("target_ms") else "",
            "" if r.get("ok") is None else ("yes" if r["ok"] else "NO"),
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {2, 3, 4, 5}

    def fmt(cells):
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        )

    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *map(fmt, lines)])
