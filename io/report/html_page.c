/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page around the HTML report's sections: the head with its inline
 * style sheet (screen and print), a title, a contents list with each
 * song's status when there are several (read back from the sections' data-
 * attributes), the sections in order, each given an id for the list, and a
 * footer; when a section has a player, its script and styles, and the
 * page's folder on <main>. Written like every report: to a temporary file,
 * then renamed. */

#include "io/report/html.h"

#include "io/report/html_player.h"
#include "io/report/html_text.h"

#include "io/fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const style[] = {
    ":root{--ok:#1b7a3a;--bad:#c0262d;--warn:#8a5300;--ink:#1d232b;--mute:#5c6675;",
    "--line:#d8dde4}",
    "*{box-sizing:border-box}",
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    "body{margin:0;background:#eef1f4;color:var(--ink);font:14px/1.45 system-ui,-apple-system,",
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}",
    "main{max-width:1140px;margin:0 auto;padding:24px 20px 40px}",
    "header.page h1{font-size:22px;margin:0 0 2px}",
    "header.page p{margin:0;color:var(--mute)}",
    "nav ol{margin:10px 0 0;padding-left:22px}nav li{margin:2px 0}",
    "section.song{background:#fff;border:1px solid var(--line);border-radius:8px;",
    "padding:18px 24px 22px;margin:18px 0}",
    "section.song.failed{border:1px solid #e8b4b6;border-left:6px solid var(--bad)}",
    "section.song>header h2{font-size:19px;margin:0 0 6px;overflow-wrap:anywhere}",
    "h3{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}",
    ".facts{display:flex;flex-wrap:wrap;align-items:center;gap:4px 22px;margin:0;",
    "color:var(--mute)}",
    ".facts b{color:var(--ink)}",
    ".badge{display:inline-block;padding:1px 10px;border-radius:11px;font-weight:600;",
    "font-size:13px;margin-right:6px}",
    ".badge.ok{background:#e1f3e6;color:var(--ok)}",
    ".badge.fail{background:#fbe4e4;color:var(--bad)}",
    ".badge.warn{background:#fdedc8;color:var(--warn)}",
    ".note{color:var(--mute);font-size:13px;margin:4px 0 10px}",
    ".note.warn{color:var(--warn)}",
    ".verdict{margin:4px 0 10px}",
    ".verdict.fail{color:var(--bad);font-weight:600}",
    "pre.messages{background:#fdf1f1;border-left:4px solid var(--bad);border-radius:3px;",
    "padding:10px 12px;margin:6px 0;font-size:12px;line-height:1.45;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    "ul.checks,ul.findings{list-style:none;padding:0;margin:0}",
    "li.check{display:flex;align-items:baseline;padding:4px 10px;margin:3px 0;",
    "border-left:4px solid;border-radius:3px}",
    "li.check.pass{border-color:var(--ok);background:#f1f9f3}",
    "li.check.fail{border-color:var(--bad);background:#fdf1f1}",
    ".mark{font-weight:700;margin-right:8px}",
    "li.check code{margin-left:auto;padding-left:14px;color:var(--mute);font-size:12px}",
    ".pass .mark{color:var(--ok)}.fail .mark{color:var(--bad)}",
    "ul.findings li{padding:3px 10px;margin:3px 0;background:#f6f7f9;border-radius:3px}",
    "ul.findings.bleed li{background:#fdf4e1;border-left:4px solid #e0a021;color:#4a2f00}",
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}",
    "th,td{padding:4px 6px;border-bottom:1px solid #e6e9ee;text-align:right;",
    "vertical-align:top}",
    "td{white-space:nowrap}",
    "thead th{font-weight:600;color:var(--mute);",
    "border-bottom:1.5px solid var(--line);",
    "vertical-align:bottom;line-height:1.25}",
    "tbody th{text-align:left;font-weight:600}",
    "th:first-child{text-align:left}",
    "span.path{display:block;font-weight:normal;font-size:12px;color:var(--mute);",
    "max-width:26em;overflow-wrap:break-word}",
    "tr.mix th,tr.mix td{background:#f7f9fc}",
    "td.good{color:var(--ok);font-weight:600}td.bad{color:var(--bad);font-weight:700}",
    "td span.over{font-size:12px;font-weight:normal}",
    ".scroll{overflow-x:auto;max-width:100%}",
    "table.kv th{text-align:left;font-weight:normal;color:var(--mute);padding-left:0}",
    "table.kv td{text-align:left}",
    "table.worst{margin-top:10px}",
    "table.worst caption{text-align:left;font-weight:600;padding:0 0 4px;font-size:13px}",
    ".plots{display:flex;flex-wrap:wrap;gap:16px 28px;margin-top:16px}",
    "figure.plot{margin:0;width:500px;max-width:100%;break-inside:avoid}",
    "figure.plot figcaption{font-size:13px;margin-bottom:2px}",
    "figure.plot figcaption span{color:var(--mute);margin-left:6px}",
    "svg.plot{display:block;width:100%;height:auto;font-family:inherit}",
    "svg.plot text{font-size:12px;fill:#5c6675}",
    "svg.plot .yl{text-anchor:end}svg.plot .xl,svg.plot .xt,svg.plot .empty{text-anchor:middle}",
    "svg.plot .axis{font-weight:600}svg.plot text.axis:not(.xt){text-anchor:end}",
    "svg.plot .area{fill:#fbfcfd;stroke:#c9d0d9}",
    "svg.plot .grid{stroke:#e6e9ee;stroke-width:1}",
    "svg.plot path,svg.plot line{fill:none;stroke-linejoin:round}",
    "svg.plot path{stroke-linecap:round}",
    "svg.plot .mom{stroke:#8fb5dd;stroke-width:1.2}",
    "svg.plot .st{stroke:#16407a;stroke-width:2.2}",
    "svg.plot .band{fill:#2e9a52;fill-opacity:.2}",
    "svg.plot .edge{stroke:#2e9a52;stroke-opacity:.6;stroke-width:1}",
    "svg.plot .target{stroke:#157032;stroke-width:2.5;stroke-dasharray:10 5}",
    "svg.plot .integ{stroke:#d0590a;stroke-width:2;stroke-dasharray:3 4}",
    "svg.plot .lt,svg.plot .li{font-size:11px;font-weight:600;text-anchor:end;paint-order:stroke;",
    "stroke:#fbfcfd;stroke-width:4px;stroke-linejoin:round}",
    "svg.plot .lt{fill:#157032}svg.plot .li{fill:#b04a06}",
    "figure.spk{margin:0;width:300px;break-inside:avoid}",
    "figure.spk figcaption{font-size:13px;margin-bottom:2px}",
    "figure.spk figcaption span{color:var(--mute);margin-left:6px}",
    "svg.spk{display:block;font-family:inherit}",
    "svg.spk .ring{fill:#fbfcfd;stroke:#c9d0d9}svg.spk .ring.up{fill:none;stroke-dasharray:4 4}",
    "svg.spk .head{fill:#9aa3ae}svg.spk .off{fill:#eef0f3;stroke:#c9d0d9}",
    "svg.spk text{text-anchor:middle;font-size:11px;fill:#5c6675}",
    "svg.spk text.n{font-weight:700;fill:#1d2530}svg.spk text.on{fill:#fff}",
    "table.bleed td{min-width:72px;text-align:center;border:1px solid #fff}",
    "table.bleed td.bleed{font-weight:700}",
    "table.bleed td.none{color:#9aa3ae}",
    ".home-mark{font-size:10px;margin-right:4px;vertical-align:1px}",
    ".legend .scale{display:inline-block;width:80px;height:10px;vertical-align:-1px;",
    "margin-left:4px;border-radius:2px}",
    ".legend .scale.home{background:linear-gradient(90deg,hsl(214,45%,95%),hsl(214,45%,40%))}",
    ".legend .scale.warm{background:linear-gradient(90deg,hsl(44,95%,84%),hsl(10,95%,48%))}",
    "div.route{overflow-x:auto;width:fit-content;max-width:100%;border:1px solid var(--line);",
    "border-radius:4px;padding:6px;margin:0}",
    "div.route svg{display:block;max-width:none}",
    /* Graphviz draws dotted lines as 1-unit dashes: make them round dots */
    "div.route path[stroke-dasharray=\"1,5\"]{stroke-dasharray:0.01 5.5;stroke-linecap:round}",
    "pre.route{background:#f6f7f9;padding:10px 12px;border-radius:4px;font-size:12px;",
    "line-height:1.35;overflow-x:auto}",
    "footer{color:var(--mute);font-size:12px;text-align:center}",
    "@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}",
    "th,td{padding:3px 6px}",
    "section.song{border:0;border-radius:0;padding:0;margin:0 0 12px}",
    "section.song.failed{border-left:6px solid var(--bad);padding-left:10px}",
    "section.song+section.song{break-before:page}",
    "table,li,.verdict,div.route{break-inside:avoid}h3{break-after:avoid}",
    ".scroll,div.route{overflow:visible}div.route{border:0;padding:0}",
    "div.route svg{max-width:100%;height:auto}}",
    "@page{margin:14mm}",
};

/* The value of a section's data- attribute (already escaped), for the
 * contents list; its length in len (0: none). */
static const char *attribute(const char *section, const char *name, size_t *len)
{
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *at = strstr(section, key);
  const char *gt = strchr(section, '>');
  *len = 0;
  if (!at || (gt && at > gt))
    return "";
  at += strlen(key);
  const char *end = strchr(at, '"');
  *len = end ? (size_t)(end - at) : 0;
  return at;
}

/* The absolute folder of the page at path, escaped. */
static void page_dir(FILE *f, const char *path)
{
  char *dir = sp_fs_parent(path), *abs = realpath(dir, NULL);
  html_esc(f, abs ? abs : dir);
  free(abs);
  free(dir);
}

sp_err sp_html_write(const char *path, const char *title, const char *const *sections, size_t n,
                     char *why, size_t why_size)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = html_memstream(&text, &len);
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"stemprint " SP_VERSION "\">\n<title>",
        f);
  html_esc(f, title);
  fputs(" — stemprint report</title>\n<style>", f);
  for (size_t i = 0; i < sizeof style / sizeof style[0]; i++)
    fputs(style[i], f);
  bool player = false;
  for (size_t i = 0; i < n && !player; i++)
    player = html_player_in(sections[i]);
  if (player)
    html_player_style(f);
  fputs("</style>\n</head>\n<body>\n<main", f);
  if (player) { /* the page's folder, whence the player finds the prints */
    fputs(" data-dir=\"", f);
    page_dir(f, path);
    fputs("\"", f);
  }
  fputs(">\n<header class=\"page\"><h1>Delivery report</h1><p>", f);
  html_esc(f, title);
  fputs(" · stemprint " SP_VERSION "</p>", f);
  if (n > 1) {
    size_t passed = 0;
    for (size_t i = 0; i < n; i++) {
      size_t sl;
      const char *st = attribute(sections[i], "data-status", &sl);
      passed += sl == 1 && st[0] == '0';
    }
    fprintf(f, "<p>%zu recipes: %zu passed, %zu did not.</p><nav><ol>", n, passed, n - passed);
    for (size_t i = 0; i < n; i++) {
      size_t tl, sl;
      const char *t = attribute(sections[i], "data-title", &tl);
      const char *st = attribute(sections[i], "data-status", &sl);
      int status = sl > 0 ? atoi(st) : 4;
      fprintf(f,
              "<li><a href=\"#s%zu\">%.*s</a> <span class=\"badge %s\">%s %s — exit %d</span></li>",
              i + 1, (int)tl, t, status == 0 ? "ok" : "fail", status == 0 ? "✓" : "✗",
              html_status_words(status), status);
    }
    fputs("</ol></nav>", f);
  }
  fputs("</header>\n", f);
  for (size_t i = 0; i < n; i++) {
    /* Each section gets an id for the contents list. */
    const char *s = sections[i];
    if (strncmp(s, "<section", 8) == 0) {
      fprintf(f, "<section id=\"s%zu\"", i + 1);
      s += 8;
    }
    fputs(s, f);
  }
  fputs("<footer><p>Levels in dBFS, LUFS and dBTP; '–': no level (silence). Generated by "
        "stemprint " SP_VERSION ".</p></footer>\n</main>\n",
        f);
  if (player)
    html_player_script(f);
  fputs("</body>\n</html>\n", f);
  fclose(f);
  sp_err err = sp_fs_write_text(path, text, why, why_size);
  free(text);
  return err;
}
