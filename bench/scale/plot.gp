# The cost curve as a picture: gnuplot -e "csv='cost-curve.csv'; out='docs/cost-curve.png'" plot.gp
# Columns of csv: articles,mode,index_s,articles_per_s,peak_rss_mb,db_mb,bytes_per_article,p50_ms,
# p95_ms,p99_ms,mean_ms,empty,cpu_s,cpu_ms_per_article,load1 (written by cost-curve.sh).
set terminal pngcairo size 1400,900 font "DejaVu Sans,10"
set output out
set datafile separator ","
set key top left
one = "< grep ',1-shard,' ".csv
two = "< grep ',2-shards,' ".csv
set logscale x 10
set xlabel "articles in the archive"
set grid
set multiplot layout 2,2 title "bahth cost curve (2-core machine; synthetic archive grown from real Arabic news)"

set title "indexing speed"
set ylabel "articles/s"
set yrange [0:*]
plot one using 1:($4) with linespoints lw 2 pt 7 title "1 database, 1 writer", \
     two using 1:($4) with linespoints lw 2 pt 5 title "2 shards, 2 writers"

set title "indexing CPU per article (user + system)"
set ylabel "ms CPU/article"
plot one using 1:($14) with linespoints lw 2 pt 7 title "1 database, 1 writer", \
     two using 1:($14) with linespoints lw 2 pt 5 title "2 shards, 2 writers"

set title "database size per article"
set ylabel "bytes/article"
plot one using 1:($7) with linespoints lw 2 pt 7 title "1 database", \
     two using 1:($7) with linespoints lw 2 pt 5 title "2 shards"

set title "search latency (top 10 with snippets)"
set ylabel "ms"
plot one using 1:($9) with linespoints lw 2 pt 7 title "p95, 1 database", \
     two using 1:($9) with linespoints lw 2 pt 5 title "p95, 2 shards", \
     two using 1:($8) with linespoints lw 1 dt 2 pt 5 title "p50, 2 shards", \
     50 with lines lc rgb "red" dt 3 title "target p95 50 ms"
unset multiplot
