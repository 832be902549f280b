/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint: the program. Its command line is sp_main (cmd/entry.c). */

#include "cmd/cli.h"

int main(int argc, char **argv) { return sp_main(argc, argv); }
