import { wrapperPackage } from '../../build/rollup-common';

/** packages/vue/dist/: the npm package (Vue and @parley/widget stay imports). */
export default wrapperPackage('vue', ['vue', '@parley/widget']);
