// ECharts, only the parts the app draws on a canvas: the dashboard's bar chart and the share
// register's pie. (Loads under `freezePrototype` thanks to vite-plugins.ts.)
import * as echarts from 'echarts/core'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }
