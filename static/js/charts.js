// Progress charts. Every <canvas data-chart-source="ID"> is drawn with Chart.js
// from the JSON in <script type="application/json" id="ID">, which Django's
// json_script filter writes; no chart code lives in a page. Load Chart.js
// (static/vendor/chartjs/chart.umd.min.js) first, both with `defer`.
//
// The JSON (built by progress/charts.py; see its docstring):
//   {
//     "type": "line" | "bar",          the chart's base type
//     "labels": ["2026-03-02", ...],   ISO dates on a category x axis
//     "datasets": [{
//       "label": "Top load (kg)",
//       "data": [80.5, null, ...],     one number per label; null draws no point
//       "style": "line" | "bar" | "target" | "band" | "records",
//       "axis": "y" | "y2",            optional; "y2" is the right-hand axis
//       "notes": ["...", null, ...]    optional text per point, shown in the tooltip
//     }],
//     "y_label": "kg", "y_min": 0, "y_max": null, "y_integer": false,
//     "y_names": {"3": "Red"},         optional names for values (ticks, tooltips)
//     "y2_label", "y2_min", "y2_max", "y2_integer", "y2_names": the same, right axis
//     "step": false                    lines as steps: a stage holds until it changes
//   }
// Styles: "line" a line with points; "bar" bars; "target" a dashed line without
// points (repeat the value on every label); "band" a target that shades the area
// down to the dataset before it; "records" points only, on the record days.
//
// Each chart stays reachable as Chart.getChart(canvas). Charts are drawn without
// animation, the first at once and each of the others in a task of its own, so a
// slow phone can paint and answer a tap between them.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }

  var COLOURS = ["#1f4e79", "#b34700", "#5b2a86", "#1e6b34"];
  var GUIDE = "#4d4d4d";
  var BAND_FILL = "rgba(30, 107, 52, 0.14)";
  var RECORD = "#c48a00";
  var RECORD_EDGE = "#6b4a00";
  var DENSE = 60;
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function formatter(options) {
    return new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: "UTC" }, options));
  }
  var dayMonth = formatter({ day: "numeric", month: "short" });
  var monthYear = formatter({ month: "short", year: "numeric" });
  var fullDate = formatter({ day: "numeric", month: "short", year: "numeric" });

  function asDate(label) {
    var match = ISO_DATE.exec(label);
    return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  }

  // Short ticks: "2 Mar" within a year, "Mar 2025" for longer spans.
  function tickFormat(labels) {
    var first = asDate(labels[0]);
    var last = asDate(labels[labels.length - 1]);
    var long = first && last && last - first > 366 * 24 * 3600 * 1000;
    return function (label) {
      var date = asDate(label);
      if (!date) {
        return label;
      }
      return (long ? monthYear : dayMonth).format(date);
    };
  }

  function named(names, value) {
    if (value === null || value === undefined) {
      return "none";
    }
    if (names && Object.prototype.hasOwnProperty.call(names, String(value))) {
      return names[String(value)];
    }
    return String(value);
  }

  function dataset(spec, index, step, dense) {
    var colour = COLOURS[index % COLOURS.length];
    var style = spec.style || "line";
    var base = {
      label: spec.label,
      data: spec.data,
      yAxisID: spec.axis === "y2" ? "y2" : "y",
      hamstrongStyle: style,
      hamstrongNotes: spec.notes || null,
    };
    if (style === "bar") {
      return Object.assign(base, {
        type: "bar",
        backgroundColor: colour,
        borderColor: colour,
        order: 2,
      });
    }
    if (style === "target" || style === "band") {
      return Object.assign(base, {
        type: "line",
        borderColor: GUIDE,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
        backgroundColor: BAND_FILL,
        fill: style === "band" ? "-1" : false,
        order: 3,
      });
    }
    if (style === "records") {
      return Object.assign(base, {
        type: "line",
        showLine: false,
        pointStyle: "rectRot",
        pointRadius: 7,
        pointHoverRadius: 9,
        pointHitRadius: 12,
        backgroundColor: RECORD,
        borderColor: RECORD_EDGE,
        borderWidth: 1,
        order: 0,
      });
    }
    return Object.assign(base, {
      type: "line",
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      // Past a few months of training days, points would hide the line.
      pointRadius: dense ? 0 : 3,
      pointHoverRadius: 5,
      pointHitRadius: 10,
      spanGaps: true,
      stepped: step ? "before" : false,
      order: 1,
    });
  }

  function axis(data, prefix, position) {
    var names = data[prefix + "_names"] || null;
    var options = {
      type: "linear",
      position: position,
      title: { display: !!data[prefix + "_label"], text: data[prefix + "_label"] || "" },
      ticks: {},
    };
    if (data[prefix + "_min"] !== null && data[prefix + "_min"] !== undefined) {
      options.min = data[prefix + "_min"];
    }
    if (data[prefix + "_max"] !== null && data[prefix + "_max"] !== undefined) {
      options.max = data[prefix + "_max"];
    }
    if (data[prefix + "_integer"] || names) {
      options.ticks.precision = 0;
    }
    if (names) {
      options.ticks.callback = function (value) {
        return Number.isInteger(value) ? named(names, value) : "";
      };
    }
    if (prefix === "y2") {
      options.grid = { drawOnChartArea: false };
    }
    return options;
  }

  function build(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || Chart.getChart(canvas)) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    var labels = data.labels || [];
    var specs = data.datasets || [];
    var usesY2 = specs.some(function (spec) {
      return spec.axis === "y2";
    });
    var scales = {
      x: {
        type: "category",
        ticks: {
          autoSkip: true,
          maxRotation: 0,
          callback: (function (format) {
            return function (value) {
              return format(this.getLabelForValue(value));
            };
          })(tickFormat(labels)),
        },
      },
      y: axis(data, "y", "left"),
    };
    if (usesY2) {
      scales.y2 = axis(data, "y2", "right");
    }
    var colourIndex = 0;
    var datasets = specs.map(function (spec) {
      var guide = ["target", "band", "records"].indexOf(spec.style) !== -1;
      return dataset(spec, guide ? 0 : colourIndex++, !!data.step, labels.length > DENSE);
    });

    new Chart(canvas, {
      type: data.type === "bar" ? "bar" : "line",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              boxWidth: 10,
              boxHeight: 10,
              // In the order the JSON lists them, whatever order they are drawn in.
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex;
              },
            },
          },
          tooltip: {
            filter: function (item) {
              var style = item.dataset.hamstrongStyle;
              return style !== "target" && style !== "band" && item.raw !== null;
            },
            callbacks: {
              title: function (items) {
                if (!items.length) {
                  return "";
                }
                var date = asDate(items[0].label);
                return date ? fullDate.format(date) : items[0].label;
              },
              label: function (item) {
                var notes = item.dataset.hamstrongNotes;
                var note = notes && notes[item.dataIndex];
                if (item.dataset.hamstrongStyle === "records") {
                  return note ? "Record: " + note : "Record";
                }
                var names = data[(item.dataset.yAxisID || "y") + "_names"];
                var text = item.dataset.label + ": " + named(names, item.raw);
                return note ? [text, note] : text;
              },
            },
          },
        },
      },
    });
  }

  var waiting = Array.prototype.slice.call(document.querySelectorAll("canvas[data-chart-source]"));
  function drawNext() {
    var canvas = waiting.shift();
    if (!canvas) {
      return;
    }
    build(canvas);
    if (waiting.length) {
      window.setTimeout(drawNext, 0);
    }
  }
  drawNext();
})();
